package dev.reactivekv.postgresql;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.StoredEntry;
import dev.reactivekv.spi.WatchHub;
import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The store over py-key-value's PostgreSQL table, on R2DBC. Every operation is one SQL statement on a
 * connection borrowed for that statement; signals arrive on the driver's event-loop threads.
 */
final class PostgresKeyValueStore extends AbstractKeyValueStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresKeyValueStore.class);
    private static final Instant FIRST_DATE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_LAST_DATE = Instant.parse("+10000-01-01T00:00:00Z");

    private final ConnectionFactory connections;
    private final @Nullable Runnable release;
    private final Schema schema;
    private final Duration timeout;
    private final Set<Capability> capabilities;
    private final boolean codePointOrder;
    private final WatchHub hub;
    private final @Nullable ChangeListener listener;
    private final Disposable sweeper;

    PostgresKeyValueStore(StoreOptions options, ConnectionFactory connections, @Nullable Runnable release, Schema schema,
                    Duration timeout, boolean codePointOrder, @Nullable ListenerFactory listen) {
        super(options);
        this.connections = connections;
        this.release = release;
        this.schema = schema;
        this.timeout = timeout;
        this.codePointOrder = codePointOrder;
        this.hub = new WatchHub(options.watchBuffer());
        this.listener = listen == null ? null : listen.create(hub, timeout);
        EnumSet<Capability> caps = EnumSet.of(Capability.SCAN, Capability.CONDITIONAL_WRITES, Capability.PERSISTENT);
        if (codePointOrder) {
            caps.add(Capability.ORDERED_SCAN);
        }
        if (listener != null) {
            caps.add(Capability.WATCH);
            caps.add(Capability.CROSS_PROCESS_WATCH);
        }
        this.capabilities = Set.copyOf(caps);
        this.sweeper = Flux.interval(options.sweepInterval(), options.sweepInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.debug("Expiry sweep of {} failed: {}", schema.table, e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    /** Creates the LISTEN side once the hub exists. */
    interface ListenerFactory {
        ChangeListener create(WatchHub hub, Duration timeout);
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    // ---- statements ----------------------------------------------------------------------

    /** Runs one statement on a borrowed connection and maps each result segment; bounded by the store's timeout. */
    private <T> Flux<T> run(String sql, Function<Statement, Statement> bind, Function<Result, Flux<T>> results) {
        return Flux.usingWhen(Mono.from(connections.create()),
                        c -> Flux.from(bind.apply(c.createStatement(sql)).execute()).concatMap(results),
                        Connection::close)
                .timeout(timeout, Flux.error(() -> new StoreTimeoutException(
                        "PostgreSQL did not answer within " + timeout)));
    }

    private Mono<Long> update(String sql, Function<Statement, Statement> bind) {
        return run(sql, bind, r -> Flux.from(r.getRowsUpdated())).reduce(0L, Long::sum);
    }

    private static <T> Function<Result, Flux<T>> rows(Function<Readable, T> mapper) {
        return r -> Flux.from(r.map(mapper::apply));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * A stored date; one the shared format cannot express ({@code infinity}, years outside 1-9999, which
     * Python's {@code datetime} cannot hold either) makes the row corrupt.
     */
    private static @Nullable Instant instant(Readable row, int index) {
        OffsetDateTime t;
        try {
            t = row.get(index, OffsetDateTime.class);
        } catch (RuntimeException e) {
            throw new DeserializationException("Stored date cannot be read: " + e.getMessage(), e);
        }
        if (t == null) {
            return null;
        }
        Instant at = t.toInstant();
        if (at.isBefore(FIRST_DATE) || !at.isBefore(AFTER_LAST_DATE)) {
            throw new DeserializationException("Stored date " + t + " is outside the years 1-9999");
        }
        return at;
    }

    /** Binds $3..$6 (value, ttl, created_at, expires_at) of an entry about to be written. */
    private static Statement bindEntry(Statement s, StoredEntry e, String valueJson) {
        s.bind("$3", valueJson);
        Instant created = e.createdAt();
        Instant expires = e.expiresAt();
        if (expires == null || created == null) {
            s.bindNull("$4", Double.class);
        } else {
            s.bind("$4", Duration.between(created, expires).toNanos() / 1e9);
        }
        if (created == null) {
            s.bindNull("$5", OffsetDateTime.class);
        } else {
            s.bind("$5", utc(created));
        }
        if (expires == null) {
            s.bindNull("$6", OffsetDateTime.class);
        } else {
            s.bind("$6", utc(expires));
        }
        return s;
    }

    /** Reads columns value, created_at, expires_at, version starting at {@code first}. */
    private static StoredEntry entry(Readable row, int first) {
        String json = row.get(first, String.class);
        if (json == null) {
            throw new DeserializationException("Stored value is NULL");
        }
        Map<String, Object> value = PgJson.read(json);
        return new StoredEntry(value, instant(row, first + 1), instant(row, first + 2), row.get(first + 3, String.class));
    }

    /** PostgreSQL text cannot hold U+0000; refuse such names before any I/O rather than fail in the driver. */
    private static void checkText(String collection, @Nullable String key) {
        if (collection.indexOf('\u0000') >= 0) {
            throw new InvalidCollectionException("PostgreSQL text cannot hold U+0000 (collection)");
        }
        if (key != null && key.indexOf('\u0000') >= 0) {
            throw new InvalidKeyException("PostgreSQL text cannot hold U+0000 (key)");
        }
    }

    private static void checkKeys(String collection, List<String> keys) {
        checkText(collection, null);
        for (String k : keys) {
            checkText(collection, k);
        }
    }

    // ---- primitives ----------------------------------------------------------------------

    @Override
    protected Mono<StoredEntry> read(String collection, String key) {
        checkText(collection, key);
        return run(schema.select(), s -> s.bind("$1", collection).bind("$2", key), rows(r -> entry(r, 0))).next();
    }

    @Override
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        checkKeys(collection, distinctKeys);
        return run(schema.selectMany(), s -> s.bind("$1", collection).bind("$2", distinctKeys.toArray(String[]::new)),
                rows(r -> Map.entry(r.get(0, String.class), entry(r, 1))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    @Override
    protected Mono<Void> write(String collection, String key, StoredEntry entry) {
        checkText(collection, key);
        String json = PgJson.write(entry.value());
        return update(schema.upsert(), s -> bindEntry(s.bind("$1", collection).bind("$2", key), entry, json)).then();
    }

    /**
     * One multi-row upsert: every entry of a putMany shares its created_at and expiry, so they bind once.
     * Rows go in key order, so two batches over the same keys lock them in the same order (no deadlock).
     */
    @Override
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        checkKeys(collection, List.copyOf(entries.keySet()));
        TreeMap<String, StoredEntry> sorted = new TreeMap<>(entries);
        String[] keys = new String[sorted.size()];
        String[] values = new String[sorted.size()];
        int i = 0;
        for (Map.Entry<String, StoredEntry> e : sorted.entrySet()) {
            keys[i] = e.getKey();
            values[i++] = PgJson.write(e.getValue().value());
        }
        StoredEntry stamps = entries.values().iterator().next();
        return update(schema.upsertMany(), s -> bindEntry(s.bind("$1", collection).bind("$2", keys), stamps, "")
                .bind("$3", values)).then();
    }

    @Override
    protected Mono<Boolean> remove(String collection, String key) {
        checkText(collection, key);
        Instant now = clock().instant();
        return run(schema.delete(), s -> s.bind("$1", collection).bind("$2", key),
                rows(r -> deletedLive(r, now)))
                .next().defaultIfEmpty(false);
    }

    @Override
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        checkKeys(collection, distinctKeys);
        Instant now = clock().instant();
        return run(schema.deleteMany(), s -> s.bind("$1", collection).bind("$2", distinctKeys.toArray(String[]::new)),
                rows(r -> deletedLive(r, now)))
                .filter(Boolean::booleanValue).count();
    }

    /** Whether a deleted row was live; a row with an unreadable expiry counts as one, so deleting a corrupt entry reports it. */
    private static boolean deletedLive(Readable row, Instant now) {
        try {
            Instant expiresAt = instant(row, 0);
            return expiresAt == null || expiresAt.isAfter(now);
        } catch (DeserializationException corrupt) {
            return true;
        }
    }

    @Override
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        checkText(collection, key);
        String json = PgJson.write(entry.value());
        return update(schema.insertIfAbsent(), s -> bindEntry(s.bind("$1", collection).bind("$2", key), entry, json)
                .bind("$7", utc(now))).map(n -> n > 0);
    }

    @Override
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion,
                                             StoredEntry entry, Instant now) {
        checkText(collection, key);
        String json = PgJson.write(entry.value());
        return update(schema.replaceIfVersion(), s -> bindEntry(s.bind("$1", collection).bind("$2", key), entry, json)
                .bind("$7", utc(now)).bind("$8", expectedVersion)).map(n -> n > 0);
    }

    @Override
    protected Mono<KeyPage> fetchKeys(String collection, ScanOptions options) {
        checkText(collection, null);
        String after = options.cursor() != null ? KeyCursor.decode(options.cursor()) : options.after();
        String prefix = options.prefix() == null || options.prefix().isEmpty() ? null : options.prefix();
        if (prefix != null) {
            checkText(collection, prefix);
        }
        if (after != null) {
            checkText(collection, after);
        }
        String upper = prefix != null && codePointOrder ? successor(prefix) : null;
        String sql = schema.keyPage(after != null, prefix != null, prefix != null && codePointOrder, upper != null);
        int limit = options.pageSize();
        Instant now = clock().instant();
        return run(sql, s -> {
            s.bind("$1", collection).bind("$2", utc(now));
            int n = 3;
            if (after != null) {
                s.bind("$" + n++, after);
            }
            if (prefix != null) {
                s.bind("$" + n++, prefix);
                if (upper != null) {
                    s.bind("$" + n++, upper);
                }
            }
            return s.bind("$" + n, limit);
        }, rows(r -> r.get(0, String.class)))
                .collectList()
                .map(keys -> new KeyPage(keys, keys.size() < limit ? null : KeyCursor.encode(keys.get(keys.size() - 1))));
    }

    /** The least string above every string starting with {@code prefix}, in code point order; null when there is none. */
    static @Nullable String successor(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            int next = cps[i] + 1;
            if (next == Character.MIN_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                cps[i] = next;
                return new String(cps, 0, i + 1);
            }
        }
        return null;
    }

    @Override
    protected Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit) {
        String after = cursor == null ? "" : KeyCursor.decode(cursor);
        return run(schema.collectionPage(), s -> s.bind("$1", after).bind("$2", limit), rows(r -> r.get(0, String.class)))
                .collectList()
                .map(names -> new KeyPage(names, names.size() < limit ? null : KeyCursor.encode(names.get(names.size() - 1))));
    }

    @Override
    protected Mono<Boolean> removeCollection(String collection) {
        checkText(collection, null);
        return update(schema.deleteCollection(), s -> s.bind("$1", collection)).map(n -> n > 0);
    }

    @Override
    protected Flux<KeyEvent> watchBackend(String collection, KeyFilter filter) {
        ChangeListener l = listener;
        if (l == null) {
            return super.watchBackend(collection, filter);
        }
        return l.whenListening().thenMany(Flux.defer(() -> hub.subscribe(collection, filter)));
    }

    /** Deletes what expired by the store's clock; the trigger announces each row as EXPIRE. */
    private Mono<Long> sweep() {
        if (isClosed()) {
            return Mono.empty();
        }
        return sweepBatch().expand(n -> n >= Schema.SWEEP_BATCH && !isClosed() ? sweepBatch() : Mono.empty())
                .reduce(0L, Long::sum);
    }

    private Mono<Long> sweepBatch() {
        return update(schema.sweep(), s -> s.bind("$1", utc(clock().instant())));
    }

    @Override
    protected void closeBackend() {
        sweeper.dispose();
        if (listener != null) {
            listener.close();
        }
        hub.close();
        if (release != null) {
            release.run();
        }
    }

    @Override
    protected KeyValueException translate(Throwable error) {
        if (error instanceof KeyValueException k) {
            return k;
        }
        if (error instanceof R2dbcTimeoutException) {
            return new StoreTimeoutException("PostgreSQL timed out: " + error.getMessage(), error);
        }
        if (error instanceof PostgresqlException pg) {
            ErrorDetails d = pg.getErrorDetails();
            String state = d.getCode();
            if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300") || state.startsWith("53")) {
                return new StoreUnavailableException("PostgreSQL unavailable: " + d.getMessage(), error);
            }
            if (state.equals("57014")) {
                return new StoreTimeoutException("PostgreSQL cancelled the statement: " + d.getMessage(), error);
            }
        }
        if (error instanceof R2dbcTransientResourceException || error instanceof R2dbcNonTransientResourceException) {
            return new StoreUnavailableException("PostgreSQL connection failed: " + error.getMessage(), error);
        }
        if (error instanceof java.util.concurrent.TimeoutException) {
            return super.translate(error);
        }
        String name = error.getClass().getName();
        if (name.startsWith("reactor.pool.") || name.startsWith("io.netty.channel.")) {
            return new StoreUnavailableException("PostgreSQL connection failed: " + error.getMessage(), error);
        }
        return super.translate(error);
    }

    @Override
    public String toString() {
        return "PostgresStore[table=" + schema.table + "]";
    }
}
