package dev.reactivekv.mongodb;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.codec.SanitizationStrategy;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.AbstractStoreBuilder;
import dev.reactivekv.spi.StoreUri;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KeyValueStore} on MongoDB through the Reactive Streams driver, in py-key-value's layout: database
 * {@code kv-store-adapter}, one MongoDB collection per KV collection (named by
 * {@link #PY_KEY_VALUE_V1 py-key-value's V1 sanitization}), one document per key
 * {@code {key, version, collection, created_at, expires_at, value: {object: …}}} with BSON dates, a unique
 * index on {@code key} and a TTL index on {@code expires_at}.
 *
 * <pre>{@code
 * KeyValueStore store = MongoStore.builder("mongodb://db1,db2,db3/?replicaSet=rs0&tls=true").build();
 * KeyValueStore mine = MongoStore.builder().client(myMongoClient).database("kv").build(); // not closed by the store
 * }</pre>
 *
 * <ul>
 *   <li><b>Threads.</b> Signals arrive on the driver's threads; watch events on a {@code boundedElastic} worker.</li>
 *   <li><b>TTL.</b> Millisecond precision (BSON dates). Reads check expiry by the builder's clock; the
 *       TTL index removes expired documents within about a minute.</li>
 *   <li><b>Scans.</b> Ascending by key (UTF-8 byte order), one {@code find} per page, only on demand.</li>
 *   <li><b>Watch.</b> Change streams (replica sets and sharded clusters): declared only when the server
 *       offers them, resumed by token after a failure, RESYNC when the token is lost.</li>
 *   <li><b>Errors.</b> A server that cannot be reached fails operations with
 *       {@link StoreUnavailableException} after the timeout (default 10 s).</li>
 * </ul>
 * See {@code docs/mongodb.md}.
 */
public final class MongoStore {

    /** py-key-value's default database. */
    public static final String DEFAULT_DATABASE = "kv-store-adapter";

    /**
     * py-key-value's {@code MongoDBV1CollectionSanitizationStrategy}: characters outside {@code [A-Za-z0-9_]}
     * replaced, {@code S_} prefix and hash fragment when changed, at most 200 characters. The default here,
     * because MongoDB cannot hold every name; names of letters, digits and {@code _} are unchanged, so they
     * match py-key-value's unsanitized default too.
     */
    public static final SanitizationStrategy PY_KEY_VALUE_V1 = CollectionNames.V1;

    private MongoStore() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for a {@code mongodb://} or {@code mongodb+srv://} connection string (options in {@code docs/mongodb.md}). */
    public static Builder builder(String uri) {
        return new Builder().uri(uri);
    }

    /** Configures and connects a store. Not thread-safe; {@link #build()} blocks while it checks the server. */
    public static final class Builder extends AbstractStoreBuilder<Builder> {
        private @Nullable ConnectionString connection;
        private @Nullable MongoClient client;
        private String database = DEFAULT_DATABASE;
        private SanitizationStrategy sanitization = PY_KEY_VALUE_V1;
        private Duration timeout = Duration.ofSeconds(10);
        private @Nullable Boolean changeStreams;

        private Builder() {
        }

        /**
         * A MongoDB connection string (hosts, credentials, TLS, replica set and every other driver option),
         * plus this store's options {@code database}, {@code sanitization} ({@code v1} or {@code none}),
         * {@code timeout}, {@code changeStreams}, {@code sweepInterval} and {@code watchBuffer}.
         *
         * @throws StoreSetupException for a malformed string or a bad option
         */
        public Builder uri(String uri) {
            MongoUris.Parsed parsed = MongoUris.parse(Objects.requireNonNull(uri, "uri"));
            StoreUri ours = parsed.options();
            options(ours);
            database(ours.option("database", database));
            String s = ours.option("sanitization");
            if (s != null) {
                sanitization(switch (s) {
                    case "v1" -> PY_KEY_VALUE_V1;
                    case "none" -> SanitizationStrategy.passthrough();
                    default -> throw new StoreSetupException("Option sanitization=" + s + " must be v1 or none");
                });
            }
            timeout(ours.durationOption("timeout", timeout));
            if (ours.option("changeStreams") != null) {
                changeStreams(ours.booleanOption("changeStreams", true));
            }
            ours.checkAllOptionsRead();
            this.connection = parsed.connectionString();
            return this;
        }

        /** The caller's client (its settings, pool, TLS, credentials). The store never closes it. */
        public Builder client(MongoClient userClient) {
            this.client = Objects.requireNonNull(userClient, "client");
            return this;
        }

        /** The database holding the collections. Default {@value MongoStore#DEFAULT_DATABASE}. */
        public Builder database(String name) {
            if (name == null || name.isEmpty() || name.matches(".*[/\\\\. \"$\0].*")) {
                throw new StoreSetupException("Not a MongoDB database name: '" + name + "'");
            }
            this.database = name;
            return this;
        }

        /**
         * How KV collection names become MongoDB collection names. Default {@link MongoStore#PY_KEY_VALUE_V1};
         * {@link SanitizationStrategy#passthrough()} matches py-key-value's unsanitized default and refuses
         * (with {@link dev.reactivekv.error.InvalidCollectionException}) names MongoDB cannot hold.
         */
        public Builder sanitization(SanitizationStrategy strategy) {
            this.sanitization = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * On clients the store creates: how long to wait for a reachable server and for a reply before
         * failing (default 10 s), unless the connection string sets {@code serverSelectionTimeoutMS},
         * {@code connectTimeoutMS} or {@code socketTimeoutMS} itself. Ignored with {@link #client}.
         */
        public Builder timeout(Duration limit) {
            if (limit.isZero() || limit.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = limit;
            return this;
        }

        /**
         * Whether the server offers change streams (WATCH). Default: asked of the server at {@link #build()}
         * (an aggregation with {@code $changeStream}, closed at once): a standalone {@code mongod} does not.
         */
        public Builder changeStreams(boolean available) {
            this.changeStreams = available;
            return this;
        }

        /**
         * Connects and checks the server.
         *
         * @throws StoreSetupException       without a connection string or client
         * @throws StoreUnavailableException when the server cannot be reached within the timeout
         */
        @Override
        public KeyValueStore build() {
            if (client == null && connection == null) {
                throw new StoreSetupException("MongoStore needs a connection string or a client");
            }
            boolean owns = client == null;
            MongoClient c = owns ? MongoClients.create(settings(connection)) : client;
            try {
                MongoDatabase db = c.getDatabase(database);
                Duration wait = owns ? timeout.plusSeconds(1) : Duration.ofSeconds(60);
                String noWatch = Boolean.TRUE.equals(changeStreams) ? null
                        : Boolean.FALSE.equals(changeStreams) ? "disabled by the store's configuration"
                        : ChangeStreamProbe.problem(db, wait);
                Duration maxAwait = Duration.ofMillis(Math.min(1000, Math.max(1, timeout.toMillis() / 2)));
                return new MongoKeyValueStore(storeOptions(), c, owns, db, new CollectionNames(sanitization, database),
                        noWatch, maxAwait);
            } catch (MongoException | IllegalStateException e) {
                if (owns) {
                    c.close();
                }
                throw new StoreUnavailableException("Cannot reach MongoDB"
                        + (connection == null ? "" : " at " + StoreUri.redact(connection.getConnectionString()))
                        + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                if (owns) {
                    c.close();
                }
                throw e;
            }
        }

        private MongoClientSettings settings(ConnectionString cs) {
            long ms = timeout.toMillis();
            return MongoClientSettings.builder()
                    .applyConnectionString(cs)
                    .applyToClusterSettings(b -> {
                        if (cs.getServerSelectionTimeout() == null) {
                            b.serverSelectionTimeout(ms, TimeUnit.MILLISECONDS);
                        }
                    })
                    .applyToSocketSettings(b -> {
                        if (cs.getConnectTimeout() == null) {
                            b.connectTimeout((int) Math.min(Integer.MAX_VALUE, ms), TimeUnit.MILLISECONDS);
                        }
                        if (cs.getSocketTimeout() == null) {
                            // above the change streams' await time, so an idle watch is not a read timeout
                            b.readTimeout((int) Math.min(Integer.MAX_VALUE, ms + 1000), TimeUnit.MILLISECONDS);
                        }
                    })
                    .build();
        }
    }
}
