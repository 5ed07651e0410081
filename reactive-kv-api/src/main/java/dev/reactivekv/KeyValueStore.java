package dev.reactivekv;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A non-blocking key-value store: JSON-object values addressed by a collection and a key.
 *
 * <h2>Contract shared by every method</h2>
 * <ul>
 *   <li>Publishers are cold and lazy: nothing is validated, read or written before subscription,
 *       and a method never throws. Invalid arguments arrive as {@code onError} before any I/O.</li>
 *   <li>Errors are always a {@link KeyValueException} subtype; a driver's exception is kept as the cause.</li>
 *   <li>Signals are delivered on the calling thread or on a thread of the store's driver or bounded
 *       scheduler; no method blocks the thread that subscribes.</li>
 *   <li>Cancelling a single-value operation does not roll back a write that already reached the backend.</li>
 *   <li>Values passed in are copied; values emitted are immutable. Expired entries are never emitted.</li>
 * </ul>
 *
 * <p>A {@code ttl} of {@code null} means "never expires"; zero, negative and over-long TTLs
 * (more than {@link Validation#MAX_TTL}) fail with {@link InvalidTtlException}.
 */
public interface KeyValueStore extends AutoCloseable {

    /** The collection the single-argument convenience overloads use, as in py-key-value. */
    String DEFAULT_COLLECTION = "default_collection";

    /** Emits the value, or completes empty when the key is absent or expired. */
    Mono<Map<String, Object>> get(String collection, String key);

    /**
     * Emits the whole entry (value, version, creation and expiry times, remaining TTL),
     * or completes empty when the key is absent or expired.
     */
    Mono<Entry> ttl(String collection, String key);

    /** Stores the value, replacing any previous entry and its expiry; completes when durable per the store's guarantee. */
    Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl);

    /** Emits {@code true} if an entry was removed, {@code false} if there was none. */
    Mono<Boolean> delete(String collection, String key);

    /** Emits whether an unexpired entry exists. */
    Mono<Boolean> exists(String collection, String key);

    /**
     * Emits exactly one {@link Lookup} per requested key, in request order (duplicates included),
     * a miss being a lookup without entry. Uses the backend's native batch.
     */
    Flux<Lookup> getMany(String collection, List<String> keys);

    /** Same as {@link #getMany}: every {@link Lookup} carries its entry's remaining TTL. */
    default Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return getMany(collection, keys);
    }

    /** Stores every entry with the same TTL, in the backend's native batch. Keys are applied in map order. */
    Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl);

    /** Emits how many of the given keys existed and were removed; a key named twice counts once. */
    Mono<Long> deleteMany(String collection, List<String> keys);

    /**
     * Stores the value only when no unexpired entry exists; emits whether it was stored.
     * Fails with {@link UnsupportedCapabilityException} unless {@link Capability#CONDITIONAL_WRITES}.
     */
    Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl);

    /**
     * Replaces the entry only when its current {@link Entry#version()} equals {@code expectedVersion};
     * emits whether it was replaced (an absent entry never matches). Among concurrent calls with the
     * same expected version at most one succeeds.
     * Fails with {@link UnsupportedCapabilityException} unless {@link Capability#CONDITIONAL_WRITES}.
     */
    Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                Map<String, ?> value, @Nullable Duration ttl);

    /**
     * Streams the keys of a collection, fetching each page from the backend only when downstream
     * demand reaches it. Cancelling stops the backend cursor. Memory is bounded by the page size.
     * In a collection nobody writes to, no key is emitted twice, except where the store's documentation says
     * its backend may repeat one (Redis's SCAN, when the server shrinks its table during the walk); every key
     * present for the whole scan is emitted. Order is ascending when the store
     * has {@link Capability#ORDERED_SCAN}; otherwise unspecified.
     */
    Flux<String> keys(String collection, ScanOptions options);

    /** All keys of the collection with default page size. */
    default Flux<String> keys(String collection) {
        return keys(collection, ScanOptions.all());
    }

    /**
     * Fetches one page of keys. Pass {@link KeyPage#nextCursor()} back in
     * {@link ScanOptions#cursor()} to continue; a malformed cursor fails with {@link InvalidCursorException}.
     */
    Mono<KeyPage> keyPage(String collection, ScanOptions options);

    /** Streams the names of collections that hold at least one entry (possibly expired ones), demand-driven. */
    Flux<String> collections();

    /** Removes every entry of one collection and nothing else; emits whether anything was removed. */
    Mono<Boolean> destroyCollection(String collection);

    /**
     * A hot stream of changes to the collection matching the filter. Its first event is a
     * {@link KeyEvent.Type#RESYNC} emitted once the stream is live: state read after that event
     * misses no later change. It never buffers without
     * bound: when a subscriber falls behind (or the store reconnects), pending events are dropped
     * and a {@link KeyEvent.Type#RESYNC} event is emitted when demand allows. Fails with
     * {@link UnsupportedCapabilityException} unless {@link Capability#WATCH}.
     */
    Flux<KeyEvent> watch(String collection, KeyFilter filter);

    /** Watches every key of the collection. */
    default Flux<KeyEvent> watch(String collection) {
        return watch(collection, KeyFilter.all());
    }

    /** What this store supports; the conformance kit runs every declared capability's contract. */
    Set<Capability> capabilities();

    /**
     * Releases every connection, thread and file handle the store owns (not clients handed in by
     * the user). Idempotent. Operations after close fail with {@link StoreClosedException}.
     */
    @Override
    void close();

    // convenience overloads on the default collection

    default Mono<Map<String, Object>> get(String key) {
        return get(DEFAULT_COLLECTION, key);
    }

    default Mono<Void> put(String key, Map<String, ?> value) {
        return put(DEFAULT_COLLECTION, key, value, null);
    }

    default Mono<Void> put(String collection, String key, Map<String, ?> value) {
        return put(collection, key, value, null);
    }

    default Mono<Boolean> delete(String key) {
        return delete(DEFAULT_COLLECTION, key);
    }
}
