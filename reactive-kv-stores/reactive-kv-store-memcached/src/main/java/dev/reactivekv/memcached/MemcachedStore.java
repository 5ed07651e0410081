package dev.reactivekv.memcached;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.AbstractStoreBuilder;
import dev.reactivekv.spi.StoreUri;

/**
 * A {@link KeyValueStore} on memcached, storing py-key-value's layout byte for byte: the JSON
 * envelope under {@code collection::key} (hashed to {@code H_<sha256>} past 240 code points, as
 * py-key-value's {@code MemcachedV1KeySanitizationStrategy} does), with a native expiry.
 *
 * <pre>{@code
 * KeyValueStore store = MemcachedStore.builder().host("10.0.0.5").port(11211).build();
 * KeyValueStore byUri = MemcachedStore.builder("memcached://10.0.0.5:11211?timeout=2s").build();
 * KeyValueStore same = KeyValueStores.open("memcached://10.0.0.5:11211");
 * }</pre>
 *
 * <ul>
 *   <li><b>Connection.</b> One TCP connection, pipelined: requests from every caller are written
 *       as they come and answered in order. It is opened when the store is built and opened again
 *       on the first request after it was lost. Signals arrive on the store's event-loop thread
 *       ({@code rkv-memcached-*}).</li>
 *   <li><b>Errors.</b> A server that cannot be reached, or a connection lost before the answer,
 *       fails the operation with {@link StoreUnavailableException}; no answer within
 *       {@link Builder#timeout} fails it with {@link dev.reactivekv.error.StoreTimeoutException}.</li>
 *   <li><b>Capabilities.</b> {@code NATIVE_TTL} and {@code CONDITIONAL_WRITES} (CAS tokens). memcached
 *       cannot list or watch keys: {@code keys()}, {@code collections()}, {@code watch()} and
 *       {@code destroyCollection()} fail with {@link dev.reactivekv.error.UnsupportedCapabilityException}.
 *       It is a cache: entries may be evicted, and do not survive a server restart, so
 *       {@code PERSISTENT} is not declared.</li>
 * </ul>
 *
 * <p>See {@code docs/memcached.md} for the key layout, expiry rounding and conditional writes.
 */
public final class MemcachedStore {

    /** memcached's customary port, used when a URI names none. */
    public static final int DEFAULT_PORT = 11211;

    private MemcachedStore() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder configured from a {@code memcached://host[:port][?options]} URI. */
    public static Builder builder(String uri) {
        return new Builder().uri(uri);
    }

    /** Configures and connects a store. Not thread-safe; {@link #build()} blocks while it connects. */
    public static final class Builder extends AbstractStoreBuilder<Builder> {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private Duration timeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(2);

        private Builder() {
        }

        /** The server's host name or address (default {@code 127.0.0.1}); resolved once, by {@link #build()}. */
        public Builder host(String serverHost) {
            this.host = Objects.requireNonNull(serverHost, "host");
            return this;
        }

        /** The server's port (default {@value MemcachedStore#DEFAULT_PORT}). */
        public Builder port(int serverPort) {
            if (serverPort < 1 || serverPort > 65_535) {
                throw new IllegalArgumentException("port must be within 1..65535, got " + serverPort);
            }
            this.port = serverPort;
            return this;
        }

        /** How long an operation may wait for its answer, connecting included (default 10 s). */
        public Builder timeout(Duration operationTimeout) {
            this.timeout = positive(operationTimeout, "timeout");
            return this;
        }

        /** How long opening the TCP connection may take (default 2 s). */
        public Builder connectTimeout(Duration timeLimit) {
            this.connectTimeout = positive(timeLimit, "connectTimeout");
            return this;
        }

        /**
         * Host, port and options from {@code memcached://host[:port][?timeout=10s&connectTimeout=2s]}, plus the
         * shared options of {@link AbstractStoreBuilder#options(StoreUri)}.
         *
         * @throws StoreSetupException for another scheme, a path, credentials or an unknown option
         */
        public Builder uri(String memcachedUri) {
            StoreUri uri = StoreUri.parse(memcachedUri);
            if (!uri.scheme().equals("memcached")) {
                throw new StoreSetupException("Not a memcached: URI: " + StoreUri.redact(memcachedUri));
            }
            if (uri.host() == null) {
                throw new StoreSetupException("memcached: URI needs a host, e.g. memcached://127.0.0.1:11211; got "
                        + StoreUri.redact(memcachedUri));
            }
            if (!uri.path().isEmpty() && !uri.path().equals("/")) {
                throw new StoreSetupException("memcached has no databases: a memcached: URI takes no path, got '"
                        + uri.path() + "'");
            }
            if (uri.uri().getUserInfo() != null) {
                throw new StoreSetupException("memcached: URIs take no credentials (SASL is not supported)");
            }
            host(uri.host());
            port(uri.port(DEFAULT_PORT));
            options(uri);
            timeout(uri.durationOption("timeout", timeout));
            connectTimeout(uri.durationOption("connectTimeout", connectTimeout));
            uri.checkAllOptionsRead();
            return this;
        }

        /**
         * Connects and returns the store.
         *
         * @throws StoreUnavailableException when the host cannot be resolved or the server cannot be reached
         */
        @Override
        public KeyValueStore build() {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new StoreUnavailableException("Cannot resolve memcached host '" + host + "'");
            }
            MemcachedConnection connection = new MemcachedConnection(address, connectTimeout, timeout);
            try {
                connection.connect().block(connectTimeout.plusSeconds(1));
            } catch (KeyValueException | IllegalStateException e) {
                connection.close();
                if (e instanceof KeyValueException kv) {
                    throw kv;
                }
                throw new StoreUnavailableException("Cannot connect to memcached at " + host + ":" + port, e);
            }
            return new MemcachedKeyValueStore(storeOptions(), connection);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
