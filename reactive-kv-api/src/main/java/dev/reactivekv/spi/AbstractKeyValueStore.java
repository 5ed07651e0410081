package dev.reactivekv.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import dev.reactivekv.Capability;
import dev.reactivekv.Entry;
import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.StoreClosedException;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.error.UnsupportedCapabilityException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The shared half of every store: argument validation before any I/O, value copying, expiry on
 * read, bulk result assembly, demand-driven paging, capability checks, close-once and error mapping.
 * A backend implements the {@code protected abstract} primitives, which receive validated names,
 * canonical values and absolute expiry instants, and which may return expired entries (the base
 * filters them).
 *
 * <p>Primitives should return lazily (the base subscribes once per operation) and must not block
 * the subscribing thread: a blocking backend runs its work on a bounded scheduler.
 */
public abstract class AbstractKeyValueStore implements KeyValueStore {

    private static final Predicate<Throwable> FOREIGN = t -> !(t instanceof KeyValueException);

    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder pagesFetched = new LongAdder();
    private final LongAdder keysFetched = new LongAdder();

    protected AbstractKeyValueStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    protected AbstractKeyValueStore(StoreOptions options) {
        this(options.clock());
    }

    // ---- primitives a backend implements --------------------------------------------------

    /** The stored entry (expired or not), or empty. */
    protected abstract Mono<StoredEntry> read(String collection, String key);

    /** Replaces the entry unconditionally. */
    protected abstract Mono<Void> write(String collection, String key, StoredEntry entry);

    /** Removes the entry; emits whether one existed (an expired one counts as none where the backend can tell). */
    protected abstract Mono<Boolean> remove(String collection, String key);

    /**
     * One page of at most {@code options.pageSize()} keys matching {@code options.prefix()}, starting at
     * {@code options.cursor()} (a value this store produced) or after {@code options.after()}.
     * May include expired keys; may return a short or empty page with a next cursor.
     */
    protected abstract Mono<KeyPage> fetchKeys(String collection, ScanOptions options);

    /** One page of collection names, from {@code cursor} (null for the start). */
    protected abstract Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit);

    /** Removes every entry of the collection. */
    protected abstract Mono<Boolean> removeCollection(String collection);

    /** Releases what the backend owns. Called once. */
    protected abstract void closeBackend();

    // ---- primitives with a default a backend should override when it can do better ----------

    /** Entries found among distinct keys; missing keys are simply absent from the map. Default: one read per key. */
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        return Flux.fromIterable(distinctKeys)
                .concatMap(k -> read(collection, k).map(e -> Map.entry(k, e)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Writes every entry. Default: one write per entry. */
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        return Flux.fromIterable(entries.entrySet())
                .concatMap(e -> write(collection, e.getKey(), e.getValue()))
                .then();
    }

    /** Removes distinct keys; emits how many existed. Default: one remove per key. */
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        return Flux.fromIterable(distinctKeys)
                .concatMap(k -> remove(collection, k))
                .filter(Boolean::booleanValue)
                .count();
    }

    /** Atomically writes when absent or expired at {@code now}. Required with {@link Capability#CONDITIONAL_WRITES}. */
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        return Mono.error(unsupported(Capability.CONDITIONAL_WRITES, "putIfAbsent"));
    }

    /** Atomically replaces when present, unexpired at {@code now} and of the given version. */
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion,
                                             StoredEntry entry, Instant now) {
        return Mono.error(unsupported(Capability.CONDITIONAL_WRITES, "compareAndSet"));
    }

    /**
     * For stores whose reads are plain in-memory lookups that never block: the stored entry
     * (expired or not) or null, read on the subscribing thread. When {@link #readsInMemory()} is
     * true, {@code get}, {@code ttl} and {@code exists} run as one step through this instead of
     * {@link #read}, which keeps the hot path to a single operator. The names are not validated yet
     * (never null): the base validates them when this returns null, so it must find only entries
     * written through this class.
     */
    protected @Nullable StoredEntry readNow(String collection, String key) {
        throw new UnsupportedOperationException("readNow needs readsInMemory()");
    }

    /**
     * Whether this store joins collection and key into one backend key with {@link CompoundKey}. When
     * true, every operation refuses a collection that layout cannot hold, before any I/O. Default false.
     */
    protected boolean joinsCollectionAndKey() {
        return false;
    }

    /** Whether {@link #readNow} may be used. Decided once per store; default false. */
    protected boolean readsInMemory() {
        return false;
    }

    /** The change stream. Required with {@link Capability#WATCH}. */
    protected Flux<KeyEvent> watchBackend(String collection, KeyFilter filter) {
        return Flux.error(unsupported(Capability.WATCH, "watch"));
    }

    /**
     * Maps a driver failure to the hierarchy. The default recognises timeouts and I/O failures;
     * a backend adds its driver's types and defers to this.
     */
    protected KeyValueException translate(Throwable error) {
        if (error instanceof TimeoutException) {
            return new StoreTimeoutException("Operation timed out: " + error.getMessage(), error);
        }
        if (error instanceof java.io.IOException || error instanceof java.io.UncheckedIOException) {
            return new StoreUnavailableException("Backend I/O failed: " + error.getMessage(), error);
        }
        return new KeyValueException("Backend operation failed: " + error, error);
    }

    // ---- helpers for backends -------------------------------------------------------------

    protected final Clock clock() {
        return clock;
    }

    /** Now, at the microsecond precision of the stored format. */
    protected final Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    protected final boolean isClosed() {
        return closed.get();
    }

    /** What the conformance kit reads to prove demand-driven paging. */
    public final ScanStatistics scanStatistics() {
        return new ScanStatistics(pagesFetched.sum(), keysFetched.sum());
    }

    protected static UnsupportedCapabilityException unsupported(Capability capability, String operation) {
        return new UnsupportedCapabilityException(operation + " needs capability " + capability
                + ", which this store does not declare");
    }

    // ---- the contract ---------------------------------------------------------------------

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        if (readsInMemory()) {
            return new LocalRead.Get(this, collection, key);
        }
        return guard(() -> {
            checkNames(collection, key);
            return read(collection, key);
        }).mapNotNull(e -> isExpired(e) ? null : e.value());
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        if (readsInMemory()) {
            return new LocalRead.Ttl(this, collection, key);
        }
        return guard(() -> {
            checkNames(collection, key);
            return read(collection, key);
        }).mapNotNull(this::liveEntry);
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return guard(() -> {
            checkNames(collection, key);
            return write(collection, key, newEntry(value, ttl));
        });
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return guard(() -> {
            checkNames(collection, key);
            return remove(collection, key);
        });
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        if (readsInMemory()) {
            return new LocalRead.Exists(this, collection, key);
        }
        return guard(() -> {
            checkNames(collection, key);
            return read(collection, key);
        }).map(e -> !e.isExpiredAt(clock.instant())).defaultIfEmpty(false);
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return guard(() -> {
            List<String> requested = checkKeys(collection, keys);
            if (requested.isEmpty()) {
                return Mono.<List<Lookup>>just(List.of());
            }
            return readMany(collection, distinct(requested))
                    .map(found -> {
                        List<Lookup> out = new ArrayList<>(requested.size());
                        Instant at = clock.instant();
                        for (String k : requested) {
                            StoredEntry e = found.get(k);
                            Entry live = e == null || e.isExpiredAt(at) ? null : e.toEntry(at);
                            out.add(new Lookup(k, live));
                        }
                        return out;
                    });
        }).flatMapIterable(l -> l);
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return guard(() -> {
            checkCollection(collection);
            Objects.requireNonNull(entries, "entries");
            Validation.ttl(ttl);
            Map<String, StoredEntry> prepared = new LinkedHashMap<>();
            for (Map.Entry<String, ? extends Map<String, ?>> e : entries.entrySet()) {
                prepared.put(Validation.key(e.getKey()), newEntry(e.getValue(), ttl));
            }
            return prepared.isEmpty() ? Mono.<Void>empty() : writeMany(collection, Collections.unmodifiableMap(prepared));
        });
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return guard(() -> {
            List<String> requested = checkKeys(collection, keys);
            return requested.isEmpty() ? Mono.just(0L) : removeMany(collection, distinct(requested));
        });
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return guard(() -> {
            checkNames(collection, key);
            requireCapability(Capability.CONDITIONAL_WRITES, "putIfAbsent");
            return writeIfAbsent(collection, key, newEntry(value, ttl), clock.instant());
        });
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return guard(() -> {
            checkNames(collection, key);
            requireCapability(Capability.CONDITIONAL_WRITES, "compareAndSet");
            if (expectedVersion == null || expectedVersion.isEmpty()) {
                throw new dev.reactivekv.error.InvalidKeyException("expectedVersion must be a version read from this store");
            }
            return replaceIfVersion(collection, key, expectedVersion, newEntry(value, ttl), clock.instant());
        });
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return guard(() -> {
            checkCollection(collection);
            checkScan(options);
            requireCapability(Capability.SCAN, "keyPage");
            return fetchKeys(collection, options);
        }).doOnNext(this::countPage);
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return Flux.defer(() -> {
            checkCollection(collection);
            checkScan(options);
            ensureOpen();
            requireCapability(Capability.SCAN, "keys");
            return KeyPager.keys(cursor -> guard(() -> fetchKeys(collection, options.withCursor(cursor)))
                    .doOnNext(this::countPage), options.cursor());
        }).onErrorMap(FOREIGN, this::translate);
    }

    @Override
    public Flux<String> collections() {
        return Flux.defer(() -> {
            ensureOpen();
            requireCapability(Capability.SCAN, "collections");
            return KeyPager.keys(cursor -> guard(() -> fetchCollections(cursor, ScanOptions.DEFAULT_PAGE_SIZE)), null);
        }).onErrorMap(FOREIGN, this::translate);
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return guard(() -> {
            checkCollection(collection);
            return removeCollection(collection);
        });
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return Flux.defer(() -> {
            checkCollection(collection);
            Objects.requireNonNull(filter, "filter");
            ensureOpen();
            requireCapability(Capability.WATCH, "watch");
            return watchBackend(collection, filter);
        }).onErrorMap(FOREIGN, this::translate);
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            closeBackend();
        }
    }

    // ---- internals ------------------------------------------------------------------------

    /** Defers the supplier (so nothing is thrown from the call), checks open state and maps foreign errors. */
    protected final <T> Mono<T> guard(java.util.function.Supplier<? extends Mono<T>> body) {
        return Mono.<T>defer(() -> {
            ensureOpen();
            return body.get();
        }).onErrorMap(FOREIGN, this::translate);
    }

    /**
     * The one-step read of in-memory stores; what it throws becomes onError (a KeyValueException).
     * Names are validated only when nothing is found: an entry is only ever stored under names that
     * passed validation, so a hit proves them valid and the hot path skips the character scan.
     */
    private @Nullable StoredEntry readLocally(String collection, String key) {
        ensureOpen();
        if (collection == null || key == null) {
            checkNames(collection, key);
        }
        StoredEntry e = readNow(collection, key);
        if (e == null) {
            checkNames(collection, key);
        }
        return e;
    }

    /** {@link LocalRead}'s get: the live value or null; throws what validation throws. */
    final @Nullable Map<String, Object> liveValue(String collection, String key) {
        StoredEntry e = readLocally(collection, key);
        return e == null || isExpired(e) ? null : e.value();
    }

    /** {@link LocalRead}'s ttl: the live entry or null. */
    final @Nullable Entry liveEntryNow(String collection, String key) {
        StoredEntry e = readLocally(collection, key);
        return e == null ? null : liveEntry(e);
    }

    /** Reads the clock only for entries that can expire. */
    private boolean isExpired(StoredEntry e) {
        return e.expiresAt() != null && e.isExpiredAt(clock.instant());
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StoreClosedException("Store is closed");
        }
    }

    private void requireCapability(Capability capability, String operation) {
        if (!capabilities().contains(capability)) {
            throw unsupported(capability, operation);
        }
    }

    private void checkScan(ScanOptions options) {
        Objects.requireNonNull(options, "options");
        if (options.pageSize() < 1 || options.pageSize() > ScanOptions.MAX_PAGE_SIZE) {
            throw new InvalidCursorException("pageSize must be within 1.." + ScanOptions.MAX_PAGE_SIZE
                    + ", got " + options.pageSize());
        }
        if (options.after() != null && !capabilities().contains(Capability.ORDERED_SCAN)) {
            throw unsupported(Capability.ORDERED_SCAN, "keys(after)");
        }
    }

    private void countPage(KeyPage page) {
        pagesFetched.increment();
        keysFetched.add(page.keys().size());
    }

    private void checkCollection(String collection) {
        Validation.collection(collection);
        if (joinsCollectionAndKey()) {
            CompoundKey.checkCollection(collection);
        }
    }

    /** Both names valid on their own first, then the layout rule: an empty key is an invalid key whatever the collection. */
    private void checkNames(String collection, String key) {
        Validation.collection(collection);
        Validation.key(key);
        if (joinsCollectionAndKey()) {
            CompoundKey.checkCollection(collection);
        }
    }

    private List<String> checkKeys(String collection, @Nullable List<String> keys) {
        Validation.collection(collection);
        if (keys == null) {
            throw new dev.reactivekv.error.InvalidKeyException("Key list must not be null");
        }
        for (String k : keys) {
            Validation.key(k);
        }
        checkCollection(collection);
        return keys;
    }

    private static List<String> distinct(List<String> keys) {
        Set<String> set = new LinkedHashSet<>(keys);
        return set.size() == keys.size() ? keys : List.copyOf(set);
    }

    private StoredEntry newEntry(@Nullable Map<String, ?> value, @Nullable Duration ttl) {
        Validation.ttl(ttl);
        Map<String, Object> copy = JsonValues.copyObject(value);
        Instant created = now();
        Instant expires = ttl == null ? null : created.plus(ttl).truncatedTo(ChronoUnit.MICROS);
        return new StoredEntry(copy, created, expires, null);
    }

    private @Nullable Entry liveEntry(StoredEntry e) {
        Instant at = clock.instant();
        return e.isExpiredAt(at) ? null : e.toEntry(at);
    }
}
