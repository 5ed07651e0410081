package dev.reactivekv.postgresql;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.AbstractStoreBuilder;
import dev.reactivekv.spi.StoreUri;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link KeyValueStore} on PostgreSQL through R2DBC ({@code r2dbc-postgresql} with {@code r2dbc-pool}),
 * on py-key-value's table: {@code kv_store(collection, key, value JSONB, ttl, created_at, expires_at)}
 * with primary key {@code (collection, key)}. A table py-key-value created is used as it is, and a table
 * this store creates is py-key-value's, so a Java service and a Python FastMCP server can share it.
 *
 * <pre>{@code
 * KeyValueStore store = PostgresStore.builder("postgresql://app:secret@db:5432/appdb?table=kv_store").build();
 * KeyValueStore mine = PostgresStore.builder().connectionFactory(myPool).build(); // not closed by the store
 * }</pre>
 *
 * <ul>
 *   <li><b>Threads.</b> Signals arrive on the driver's event-loop threads; nothing blocks.</li>
 *   <li><b>Expiry.</b> Exact by the store's clock on every read; rows that expired are deleted every
 *       sweep interval ({@code sweepInterval}, default 100 ms) and announced as {@code EXPIRE}.</li>
 *   <li><b>Scans.</b> Keyset pages ({@code key > last ORDER BY key LIMIT n}), one statement per page,
 *       fetched only on demand. Keys come in the key column's collation order; with a C-like collation
 *       (code point order) the store also declares {@code ORDERED_SCAN}.</li>
 *   <li><b>Conditional writes.</b> Single SQL statements: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE
 *       expired} for putIfAbsent, {@code UPDATE ... WHERE version = $v} for compare-and-set, where the
 *       version is a digest of the row's value, {@code created_at} and {@code expires_at}.</li>
 *   <li><b>Watch.</b> A trigger on the table sends {@code NOTIFY} for every row changed by any client;
 *       one dedicated connection LISTENs. After a lost connection, watchers receive RESYNC.</li>
 * </ul>
 * See {@code docs/postgresql.md}.
 */
public final class PostgresStore {

    private PostgresStore() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for {@code postgresql://user:password@host:port/database?table=...} (options in {@code docs/postgresql.md}). */
    public static Builder builder(String uri) {
        return new Builder().uri(uri);
    }

    /** Configures and opens a store. Not thread-safe; {@link #build()} blocks while it connects and checks the table. */
    public static final class Builder extends AbstractStoreBuilder<Builder> {
        private String host = "localhost";
        private int port = 5432;
        private String database = "postgres";
        private @Nullable String user;
        private @Nullable String password;
        private SSLMode sslMode = SSLMode.DISABLE;
        private String table = Schema.DEFAULT_TABLE;
        private boolean autoCreate = true;
        private boolean watch = true;
        private int poolSize = 10;
        private Duration timeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private @Nullable ConnectionFactory userFactory;

        private Builder() {
        }

        /** Reads host, port, database, user, password and the options of a {@code postgresql://} or {@code postgres://} URI. */
        public Builder uri(String text) {
            StoreUri uri = StoreUri.parse(text);
            if (!PostgresStoreProvider.SCHEMES.contains(uri.scheme())) {
                throw new StoreSetupException("Not a PostgreSQL URI: " + StoreUri.redact(text));
            }
            options(uri);
            if (uri.host() != null) {
                host = uri.host();
            }
            port = uri.port(port);
            String path = uri.path();
            if (path.length() > 1) {
                database = path.substring(1);
            }
            String userInfo = uri.uri().getUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                password = colon < 0 ? null : userInfo.substring(colon + 1);
            }
            table(uri.option("table", table));
            autoCreate = uri.booleanOption("autoCreate", autoCreate);
            watch = uri.booleanOption("watch", watch);
            poolSize(uri.intOption("poolSize", poolSize));
            timeout(uri.durationOption("timeout", timeout));
            connectTimeout(uri.durationOption("connectTimeout", connectTimeout));
            String ssl = uri.option("sslmode");
            if (ssl != null) {
                try {
                    sslMode = SSLMode.fromValue(ssl);
                } catch (IllegalArgumentException e) {
                    throw new StoreSetupException("Unknown sslmode '" + ssl + "' in " + StoreUri.redact(text), e);
                }
            }
            uri.checkAllOptionsRead();
            return this;
        }

        public Builder host(String hostName) {
            this.host = Objects.requireNonNull(hostName, "host");
            return this;
        }

        public Builder port(int tcpPort) {
            this.port = tcpPort;
            return this;
        }

        /** Default {@code postgres}, as py-key-value's. */
        public Builder database(String name) {
            this.database = Objects.requireNonNull(name, "database");
            return this;
        }

        /** Default {@code postgres}. */
        public Builder user(String name) {
            this.user = Objects.requireNonNull(name, "user");
            return this;
        }

        public Builder password(String secret) {
            this.password = Objects.requireNonNull(secret, "password");
            return this;
        }

        /** The table (default {@code kv_store}); py-key-value's rule: letters, digits, underscores, not starting with a digit, at most 63. */
        public Builder table(String name) {
            Schema.validate(name);
            this.table = name;
            return this;
        }

        /** Whether to create the table (py-key-value's DDL) when missing; when false a missing table fails {@link #build()}. Default true. */
        public Builder autoCreate(boolean create) {
            this.autoCreate = create;
            return this;
        }

        /**
         * Whether to install the notify trigger and offer {@code watch()} (default true). False leaves the
         * table exactly as py-key-value has it, and the store does not declare WATCH.
         */
        public Builder watch(boolean enabled) {
            this.watch = enabled;
            return this;
        }

        /** Most pooled connections (default 10); a watch uses one more, outside the pool. */
        public Builder poolSize(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("poolSize must be positive");
            }
            this.poolSize = connections;
            return this;
        }

        /** Longest an operation may take, connection included, before {@code StoreTimeoutException} (default 10 s). */
        public Builder timeout(Duration operationTimeout) {
            if (operationTimeout.isZero() || operationTimeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = operationTimeout;
            return this;
        }

        /** TCP connect timeout (default 5 s). */
        public Builder connectTimeout(Duration connect) {
            if (connect.isZero() || connect.isNegative()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            this.connectTimeout = connect;
            return this;
        }

        /**
         * Uses the caller's R2DBC {@link ConnectionFactory} (a pool, typically) instead of connecting itself;
         * the store borrows connections from it and never closes it. Watch needs a PostgreSQL factory
         * ({@link PostgresqlConnectionFactory}, possibly inside a pool or another {@link Wrapped} factory);
         * without one the store does not declare WATCH.
         */
        public Builder connectionFactory(ConnectionFactory factory) {
            this.userFactory = Objects.requireNonNull(factory, "connectionFactory");
            return this;
        }

        /**
         * Connects, creates the table (and the notify trigger) when needed, and returns the store.
         *
         * @throws StoreSetupException       when the table is missing and {@code autoCreate} is false, or DDL fails
         * @throws StoreUnavailableException when PostgreSQL cannot be reached
         */
        @Override
        public KeyValueStore build() {
            Schema schema = new Schema(table);
            ConnectionFactory factory;
            PostgresqlConnectionFactory direct;
            Runnable release;
            if (userFactory != null) {
                factory = userFactory;
                direct = unwrap(userFactory);
                release = null;
            } else {
                PostgresqlConnectionConfiguration.Builder config = PostgresqlConnectionConfiguration.builder()
                        .host(host).port(port).database(database).username(user == null ? "postgres" : user)
                        .connectTimeout(connectTimeout).sslMode(sslMode)
                        .applicationName("reactive-kv")
                        .options(Map.of("TimeZone", "UTC"));
                if (password != null) {
                    config.password(password);
                }
                direct = new PostgresqlConnectionFactory(config.build());
                ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(direct)
                        .initialSize(0).minIdle(0).maxSize(poolSize)
                        .maxIdleTime(Duration.ofMinutes(5))
                        .maxAcquireTime(timeout)
                        .validationDepth(ValidationDepth.LOCAL)
                        .name("reactive-kv-postgresql")
                        .build());
                factory = pool;
                release = () -> dispose(pool);
            }
            boolean ordered;
            try {
                ordered = new TableSetup(factory, schema, timeout).prepare(autoCreate, watch && direct != null);
            } catch (RuntimeException e) {
                if (release != null) {
                    release.run();
                }
                throw e instanceof KeyValueException k ? k : new StoreSetupException("PostgreSQL set-up failed: " + e, e);
            }
            PostgresqlConnectionFactory listen = watch ? direct : null;
            return new PostgresKeyValueStore(storeOptions(), factory, release, schema, timeout, ordered,
                    listen == null ? null : (hub, t) -> new ChangeListener(
                            reactor.core.publisher.Mono.defer(listen::create), schema.channel, hub, t));
        }

        private static @Nullable PostgresqlConnectionFactory unwrap(Object factory) {
            Object f = factory;
            for (int depth = 0; depth < 8 && f != null; depth++) {
                if (f instanceof PostgresqlConnectionFactory p) {
                    return p;
                }
                f = f instanceof Wrapped<?> w ? w.unwrap() : null;
            }
            return null;
        }

        private static void dispose(ConnectionPool pool) {
            if (Schedulers.isInNonBlockingThread()) {
                pool.disposeLater().subscribe();
            } else {
                pool.disposeLater().block(Duration.ofSeconds(10));
            }
        }
    }

}
