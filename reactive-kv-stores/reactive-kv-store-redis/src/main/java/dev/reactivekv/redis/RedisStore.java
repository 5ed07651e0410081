package dev.reactivekv.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.WatchHub;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
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
 * <p>Operations emit on Lettuce's I/O threads. Collections containing {@code ::} are refused
 * ({@link dev.reactivekv.error.InvalidCollectionException}). See {@code docs/redis.md} for TTL precision
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

    /** Configures and connects a store. Not thread-safe; {@link #build()} may block while connecting. */
    public static final class Builder {
        private @Nullable String uri;
        private @Nullable AbstractRedisClient client;
        private Clock clock = Clock.systemUTC();
        private Duration timeout = Duration.ofSeconds(10);
        private int watchBuffer = WatchHub.DEFAULT_BUFFER;
        private @Nullable Boolean configureNotifications;

        private Builder() {
        }

        /** Where to connect; with {@link #client} it selects the server (and database) to use with that client. */
        public Builder uri(String redisUri) {
            this.uri = Objects.requireNonNull(redisUri, "uri");
            return this;
        }

        /**
         * Uses the caller's {@link RedisClient} or {@link RedisClusterClient} (its options, resources, TLS).
         * The store opens and closes its own connections on it but never shuts the client down.
         */
        public Builder client(AbstractRedisClient userClient) {
            this.client = Objects.requireNonNull(userClient, "client");
            return this;
        }

        /** The clock for created/expiry stamps and expiry on read. Default: system UTC. */
        public Builder clock(Clock storeClock) {
            this.clock = Objects.requireNonNull(storeClock, "clock");
            return this;
        }

        /** Command timeout on clients the store creates (default 10 s); ignored with {@link #client}. */
        public Builder timeout(Duration commandTimeout) {
            if (commandTimeout.isZero() || commandTimeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = commandTimeout;
            return this;
        }

        /** Events a watcher may have pending before it gets RESYNC instead (default {@value WatchHub#DEFAULT_BUFFER}). */
        public Builder watchBuffer(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("watchBuffer must be positive");
            }
            this.watchBuffer = events;
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
         * Connects and returns the store.
         *
         * @throws StoreSetupException       for a malformed URI or missing configuration
         * @throws StoreUnavailableException when the server cannot be reached
         */
        public KeyValueStore build() {
            RedisUris.Parsed parsed = uri == null ? null : RedisUris.parse(uri);
            if (parsed == null && client == null) {
                throw new StoreSetupException("RedisStore needs a URI or a client");
            }
            int buffer = parsed != null && parsed.options().containsKey("watchBuffer")
                    ? parseInt(parsed.options().get("watchBuffer")) : watchBuffer;
            boolean configure = configureNotifications != null ? configureNotifications
                    : parsed == null || Boolean.parseBoolean(parsed.options().getOrDefault("configureNotifications", "true"));
            Topology topology;
            try {
                topology = connect(parsed);
            } catch (RedisException e) {
                throw new StoreUnavailableException("Cannot connect to Redis at "
                        + (uri == null ? "the client's URI" : RedisUris.redact(uri)) + ": " + e.getMessage(), e);
            }
            return new RedisKeyValueStore(clock, topology, buffer, configure);
        }

        private Topology connect(RedisUris.@Nullable Parsed parsed) {
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
            TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
            if (parsed.cluster()) {
                RedisClusterClient c = RedisClusterClient.create(parsed.uris());
                c.setOptions(ClusterClientOptions.builder()
                        .timeoutOptions(timeouts)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers().enablePeriodicRefresh(Duration.ofSeconds(60)).build())
                        .build());
                return open(c, () -> new ClusterTopology(c, true));
            }
            RedisURI target = parsed.uris().get(0);
            RedisClient c = RedisClient.create();
            // fail fast while disconnected (a scan errors instead of hanging); Lettuce still reconnects
            c.setOptions(ClientOptions.builder()
                    .timeoutOptions(timeouts)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            return open(c, () -> new StandaloneTopology(c, true, target));
        }

        private static Topology open(AbstractRedisClient c, java.util.function.Supplier<Topology> connect) {
            try {
                return connect.get();
            } catch (RuntimeException e) {
                c.shutdownAsync();
                throw e;
            }
        }

        private static int parseInt(String s) {
            try {
                int n = Integer.parseInt(s);
                if (n < 1) {
                    throw new NumberFormatException("not positive");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new StoreSetupException("Bad watchBuffer option: " + s, e);
            }
        }
    }
}
