package dev.reactivekv.redis;

import java.io.File;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.AbstractStoreBuilder;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.StoreUri;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KeyValueStore} on Redis or Valkey (standalone, Sentinel or Cluster) through Lettuce's
 * reactive API, storing py-key-value's layout byte for byte: the JSON envelope under
 * {@code collection::key}, with a native millisecond expiry ({@code PX}).
 *
 * <pre>{@code
 * KeyValueStore store = RedisStore.builder("redis://localhost:6379/0").build();
 * KeyValueStore cluster = RedisStore.builder("redis-cluster://10.0.0.1:7000,10.0.0.2:7000").build();
 * KeyValueStore mine = RedisStore.builder().client(myRedisClient).build(); // not closed by the store
 * }</pre>
 *
 * <p>Operations emit on Lettuce's I/O threads. Values travel as bytes (no String round trip). Collections
 * the layout cannot hold ({@code ::} inside, or a trailing {@code :}) are refused with
 * {@link dev.reactivekv.error.InvalidCollectionException} ({@link dev.reactivekv.spi.CompoundKey}). See {@code docs/redis.md} for TTL precision
 * and scan, watch and cluster guarantees.
 */
public final class RedisStore {

    private RedisStore() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for a URI of the forms described in {@code docs/redis.md}. */
    public static Builder builder(String uri) {
        return new Builder().uri(uri);
    }

    /**
     * Configures and connects a store. Not thread-safe; {@link #build()} may block while connecting. The shared
     * options come from {@link AbstractStoreBuilder}: {@code clock} and {@code watchBuffer} apply;
     * {@code sweepInterval} and {@code threads} have no effect (Redis expires keys itself, and Lettuce's event
     * loops run every command).
     */
    public static final class Builder extends AbstractStoreBuilder<Builder> {
        /** The longest pause between two reconnect attempts of a client the store creates. */
        static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

        private RedisUris.@Nullable Parsed target;
        private @Nullable String shownUri;
        private @Nullable AbstractRedisClient client;
        private Duration timeout = Duration.ofSeconds(10);
        private boolean configureNotifications = true;
        private @Nullable File caCert;
        private int replicas;
        private boolean coalesce;
        private int coalesceMaxBatch = Coalescer.DEFAULT_MAX_BATCH;

        private Builder() {
        }

        /**
         * Where to connect, with the URI's options applied now (a later setter overrides them); with
         * {@link #client} it selects the server (and database) to use with that client.
         *
         * @throws StoreSetupException for a malformed URI or an unknown option
         */
        public Builder uri(String redisUri) {
            return fromUri(StoreUri.parse(Objects.requireNonNull(redisUri, "uri")));
        }

        /**
         * The target and options of a Redis URI ({@link RedisUris}): the shared ones, {@code timeout},
         * {@code configureNotifications}, {@code coalesce}, {@code coalesceMaxBatch}, {@code cluster} and
         * Lettuce's connection options.
         */
        @Override
        public Builder options(StoreUri uri) {
            super.options(uri);
            this.target = RedisUris.parse(uri);
            this.shownUri = StoreUri.redact(uri.uri().toString());
            timeout(uri.durationOption("timeout", timeout));
            replicas(uri.intOption("replicas", replicas));
            String ca = uri.option("caCert");
            if (ca != null) {
                caCert(new File(ca));
            }
            coalesce(uri.booleanOption("coalesce", coalesce));
            int maxBatch = uri.intOption("coalesceMaxBatch", coalesceMaxBatch);
            if (maxBatch < 2) {
                throw new StoreSetupException("Option coalesceMaxBatch=" + maxBatch + " in " + shownUri + " must be at least 2");
            }
            coalesceMaxBatch(maxBatch);
            return configureNotifications(uri.booleanOption("configureNotifications", configureNotifications));
        }

        /**
         * Uses the caller's {@link RedisClient} or {@link RedisClusterClient} (its options, resources, TLS).
         * The store opens and closes its own connections on it but never shuts the client down.
         */
        public Builder client(AbstractRedisClient userClient) {
            this.client = Objects.requireNonNull(userClient, "client");
            return this;
        }

        /** Command (and connect) timeout on clients the store creates (default 10 s); ignored with {@link #client}. */
        public Builder timeout(Duration commandTimeout) {
            if (commandTimeout.isZero() || commandTimeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = commandTimeout;
            return this;
        }

        /**
         * A PEM file of CA certificates to trust for TLS ({@code rediss://}) instead of the JDK's trust store,
         * e.g. a private CA's; on clients the store creates (with {@link #client}, configure its
         * {@code SslOptions} instead). The server's name is still verified unless {@code verifyPeer} says otherwise.
         */
        public Builder caCert(File pem) {
            this.caCert = Objects.requireNonNull(pem, "caCert");
            return this;
        }

        /**
         * Acknowledges a write only once {@code n} replicas have it: every write is followed by
         * {@code WAIT n <half the timeout>} on the store's connection, and fails with
         * {@link dev.reactivekv.error.StoreTimeoutException} (applied or not) when fewer confirm in time. With
         * Sentinel and one replica, no acknowledged write is lost in a failover. Default 0 (Redis's asynchronous
         * replication: a failover may drop writes the old master acknowledged). Not with a cluster.
         */
        public Builder replicas(int n) {
            if (n < 0) {
                throw new StoreSetupException("replicas must be 0 or more, not " + n);
            }
            this.replicas = n;
            return this;
        }

        /**
         * Whether a watch may {@code CONFIG SET notify-keyspace-events} to add the flags it needs
         * (K, g, $, x). Default true; when false or refused, the watch fails with a
         * {@link StoreSetupException} naming the setting.
         */
        public Builder configureNotifications(boolean allowed) {
            this.configureNotifications = allowed;
            return this;
        }

        /**
         * Coalescing (default off): single-key {@code get}s that wait while an earlier batch is out go to
         * Redis together as one {@code MGET}, and waiting {@code put}s as one pipelined batch ({@code MSET}
         * for puts without a TTL, {@code SET … PX} for the others), in the order they were called. Each
         * caller still gets its own value, miss or error; a failed batch fails only the calls in it. A lone
         * call is sent at once, so this costs a caller nothing when the store is idle and raises throughput
         * when many calls are in flight. Works on a cluster too: Lettuce splits each batch by hash slot.
         */
        public Builder coalesce(boolean enabled) {
            this.coalesce = enabled;
            return this;
        }

        /** Most calls in one coalesced batch (default {@value Coalescer#DEFAULT_MAX_BATCH}); at least 2. */
        public Builder coalesceMaxBatch(int maxBatch) {
            if (maxBatch < 2) {
                throw new IllegalArgumentException("coalesceMaxBatch must be at least 2, got " + maxBatch);
            }
            this.coalesceMaxBatch = maxBatch;
            return this;
        }

        /**
         * Connects and returns the store.
         *
         * @throws StoreSetupException       for missing configuration, {@code caCert} without TLS or unreadable,
         *                                   or a TLS handshake that fails (a server certificate not signed by a trusted CA)
         * @throws StoreUnavailableException when the server cannot be reached
         */
        @Override
        public KeyValueStore build() {
            if (target == null && client == null) {
                throw new StoreSetupException("RedisStore needs a URI or a client");
            }
            if (replicas > 0 && (client instanceof RedisClusterClient || (target != null && target.cluster()))) {
                throw new StoreSetupException("replicas (WAIT) is not supported with a Redis Cluster");
            }
            Topology topology;
            try {
                topology = connect(target);
            } catch (RedisException e) {
                Throwable tls = tlsFailure(e);
                if (tls != null) {
                    throw new StoreSetupException("TLS handshake with Redis at " + (shownUri == null ? "the client's URI" : shownUri)
                            + " failed: " + tls.getMessage() + " (is the server's certificate signed by a CA in "
                            + (caCert == null ? "the JDK's trust store" : "caCert " + caCert) + "?)", e);
                }
                throw new StoreUnavailableException("Cannot connect to Redis at "
                        + (shownUri == null ? "the client's URI" : shownUri) + ": " + e.getMessage(), e);
            }
            StoreOptions options = storeOptions();
            return new RedisKeyValueStore(options, topology, configureNotifications,
                    replicas == 0 ? Replication.NONE : new Replication(replicas, Math.max(1, timeout.toMillis() / 2)),
                    coalesce ? coalesceMaxBatch : 0);
        }

        private Topology connect(RedisUris.@Nullable Parsed parsed) {
            if (client != null && caCert != null) {
                throw new StoreSetupException("caCert applies to clients the store creates; give your own client its SslOptions");
            }
            if (client instanceof RedisClusterClient c) {
                return new ClusterTopology(c, false);
            }
            if (client instanceof RedisClient c) {
                if (parsed != null && parsed.cluster()) {
                    throw new StoreSetupException("A cluster URI needs a RedisClusterClient, not a RedisClient");
                }
                return new StandaloneTopology(c, false, parsed == null ? null : parsed.uris().get(0));
            }
            if (client != null) {
                throw new StoreSetupException("Unsupported Lettuce client " + client.getClass().getName());
            }
            SslOptions ssl = sslOptions(parsed);
            TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
            parsed.uris().forEach(u -> u.setTimeout(timeout));
            if (parsed.cluster()) {
                RedisClusterClient c = RedisClusterClient.create(resources(), parsed.uris());
                c.setOptions(ClusterClientOptions.builder()
                        .timeoutOptions(timeouts)
                        .sslOptions(ssl)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers().enablePeriodicRefresh(Duration.ofSeconds(60)).build())
                        .build());
                return open(c, () -> new ClusterTopology(c, true));
            }
            RedisURI server = parsed.uris().get(0);
            RedisClient c = RedisClient.create(resources());
            // fail fast while disconnected (a scan errors instead of hanging); Lettuce still reconnects
            c.setOptions(ClientOptions.builder()
                    .timeoutOptions(timeouts)
                    .sslOptions(ssl)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            return open(c, () -> new StandaloneTopology(c, true, server));
        }

        /**
         * Resources for a client the store creates (shut down with it, {@link Topology#shutdownOwned}). Reconnect
         * attempts back off exponentially up to {@link #MAX_RECONNECT_DELAY} instead of Lettuce's 30 s: the wait
         * doubles while a server is down, so after an outage of some seconds (a restart, the Sentinels taking 30 s to
         * agree a master is down) Lettuce's default would come back up to that long after the server (or the new master) did.
         */
        private static ClientResources resources() {
            return DefaultClientResources.builder()
                    .reconnectDelay(() -> Delay.exponential(Duration.ZERO, MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                    .build();
        }

        private SslOptions sslOptions(RedisUris.Parsed parsed) {
            boolean tls = parsed.uris().stream().anyMatch(RedisURI::isSsl);
            if (caCert != null && !tls) {
                throw new StoreSetupException("caCert needs TLS (rediss://, valkeys://, rediss-sentinel://, rediss-cluster://): "
                        + shownUri);
            }
            return tls ? TlsOptions.trusting(caCert) : SslOptions.create();
        }

        private static @Nullable Throwable tlsFailure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof javax.net.ssl.SSLException) {
                    return t;
                }
            }
            return null;
        }

        private static Topology open(AbstractRedisClient c, java.util.function.Supplier<Topology> connect) {
            try {
                return connect.get();
            } catch (RuntimeException e) {
                Topology.shutdownOwned(c);
                throw e;
            }
        }
    }
}
