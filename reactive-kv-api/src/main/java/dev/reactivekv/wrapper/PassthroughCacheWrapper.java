package dev.reactivekv.wrapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivekv.Capability;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.wrapper.internal.Reads;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * py-key-value's passthrough cache, two tiers: reads try the cache store, and a miss reads the
 * primary (the wrapped store) and copies the entry into the cache with the entry's remaining TTL,
 * clamped to {@code maxTtl} ({@code missingTtl} for entries that never expire). Every write goes to
 * the primary and then removes the key from the cache.
 *
 * <p>Beyond py-key-value: the cache holds the primary's version, creation and expiry with the
 * value, so {@code ttl()} and bulk reads answer with the primary's {@link Entry} (a version read
 * from the cache works with {@code compareAndSet}). When the primary declares
 * {@link Capability#WATCH}, the wrapper watches each collection it reads, caches copies only once
 * that watch is live (the first reads of a collection are not cached), removes a key from the
 * cache on every change event, and the whole cached collection on a later {@code RESYNC}, so a
 * write by another process (with {@link Capability#CROSS_PROCESS_WATCH}) does not leave a stale
 * entry; without watch, a foreign write is visible after at most {@code maxTtl}.
 * Scans and watch are the primary's. {@link #close()} stops the watches and closes both stores.
 */
final class PassthroughCacheWrapper extends ForwardingKeyValueStore {

    private final KeyValueStore cache;
    private final Duration maxTtl;
    private final Duration missingTtl;
    private final boolean watch;
    private final Map<String, Watcher> watches = new ConcurrentHashMap<>();

    PassthroughCacheWrapper(KeyValueStore primary, KeyValueStore cache, Duration maxTtl, Duration missingTtl) {
        super(primary);
        this.cache = cache;
        this.maxTtl = maxTtl;
        this.missingTtl = missingTtl;
        this.watch = primary.capabilities().contains(Capability.WATCH);
    }

    // ---- cached entry layout --------------------------------------------------------------

    private static Map<String, Object> pack(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>(6);
        m.put("value", e.value());
        m.put("version", e.version());
        if (e.createdAt() != null) {
            m.put("created_at", EntryCodec.formatDate(e.createdAt()));
        }
        if (e.expiresAt() != null) {
            m.put("expires_at", EntryCodec.formatDate(e.expiresAt()));
        }
        return m;
    }

    /** The primary's entry from a cached one, or {@code null} when the cached form is unusable. */
    @SuppressWarnings("unchecked")
    private static @Nullable Entry unpack(Entry cached) {
        Map<String, Object> m = cached.value();
        if (!(m.get("value") instanceof Map<?, ?> value) || !(m.get("version") instanceof String version)) {
            return null;
        }
        try {
            Instant created = EntryCodec.parseDate(m.get("created_at"), "created_at");
            Instant expires = EntryCodec.parseDate(m.get("expires_at"), "expires_at");
            Duration remaining = null;
            if (expires != null) {
                if (cached.expiresAt() == null || cached.ttl() == null) {
                    return null;
                }
                // the cache's "now" at the read, so the remaining time needs no clock of our own
                Instant now = cached.expiresAt().minus(cached.ttl());
                remaining = Duration.between(now, expires);
                if (remaining.isNegative() || remaining.isZero()) {
                    return null;
                }
            }
            return new Entry((Map<String, Object>) value, version, created, expires, remaining);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Duration cacheTtl(Entry e) {
        Duration d = e.ttl() == null ? missingTtl : e.ttl();
        return d.compareTo(maxTtl) > 0 ? maxTtl : d;
    }

    /**
     * Caches a copy read from the primary when the collection's watch is live and saw no event
     * since {@code generation} (taken before the read); if an event slips in while the copy is
     * written, the copy is dropped again, so a foreign write never leaves it stale.
     */
    private Mono<Void> fill(String collection, String key, Entry e, long generation) {
        return Mono.defer(() -> {
            if (!cacheable(collection) || !unchanged(collection, generation)) {
                return Mono.empty();
            }
            return cache.put(collection, key, pack(e), cacheTtl(e))
                    .then(Mono.defer(() -> unchanged(collection, generation) ? Mono.<Void>empty()
                            : cache.delete(collection, key).then()));
        });
    }

    // ---- invalidation by watch --------------------------------------------------------------

    /** A collection's watch; copies are cached only once it is live, so no change can slip between. */
    private static final class Watcher {
        final Disposable.Swap subscription = Disposables.swap();
        /** Events seen so far: a read that overlapped an event must not cache what it read. */
        final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean live;
    }

    /** Whether copies of this collection may be cached now (always, when the primary cannot watch). */
    private boolean cacheable(String collection) {
        if (!watch) {
            return true;
        }
        Watcher w = watches.get(collection);
        if (w != null) {
            return w.live;
        }
        Watcher mine = new Watcher();
        if (watches.putIfAbsent(collection, mine) != null) {
            return false;
        }
        // subscribed outside any map operation: a watch that ends at once removes its own slot
        mine.subscription.update(delegate().watch(collection)
                .concatMap(e -> invalidate(collection, e, mine))
                .doFinally(s -> watches.remove(collection, mine))
                .subscribe(x -> { }, err -> { }));
        return false;
    }

    private long generation(String collection) {
        Watcher w = watches.get(collection);
        return w == null ? -1 : w.generation.get();
    }

    private boolean unchanged(String collection, long generation) {
        return !watch || generation(collection) == generation;
    }

    private Mono<Void> invalidate(String collection, KeyEvent e, Watcher w) {
        w.generation.incrementAndGet();
        if (e.type() != KeyEvent.Type.RESYNC) {
            return cache.delete(collection, e.key()).then().onErrorResume(err -> Mono.empty());
        }
        if (!w.live) {
            // the first RESYNC: the watch is live and nothing was cached before it
            w.live = true;
            return Mono.empty();
        }
        // events were lost: any cached copy may be stale
        return cache.destroyCollection(collection).then().onErrorResume(err -> Mono.empty());
    }

    // ---- reads --------------------------------------------------------------------------

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return cache.ttl(collection, key).mapNotNull(PassthroughCacheWrapper::unpack)
                .switchIfEmpty(Mono.defer(() -> fromPrimary(collection, key)));
    }

    /** The primary's entry, cached on the way when it may be. */
    private Mono<Entry> fromPrimary(String collection, String key) {
        long generation = generation(collection);
        return delegate().ttl(collection, key).flatMap(e -> fill(collection, key, e, generation).thenReturn(e));
    }

    /**
     * A cached copy that never expires is served from the cache's value alone (no dates parsed, no
     * {@code Entry} built); one that expires is checked against its expiry as {@link #ttl} does.
     */
    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        Mono<Map<String, Object>> cached = cache.get(collection, key);
        if (Reads.answersNow(cached)) {
            return new CachedGet(collection, key, cached);
        }
        return cached.flatMap(c -> cachedValue(collection, key, c))
                .switchIfEmpty(Mono.defer(() -> fromPrimary(collection, key).map(Entry::value)));
    }

    /** The value of a cached copy, empty when it is unusable or gone. */
    private Mono<Map<String, Object>> cachedValue(String collection, String key, Map<String, Object> cached) {
        return cached.containsKey("expires_at")
                ? cache.ttl(collection, key).mapNotNull(PassthroughCacheWrapper::unpack).map(Entry::value)
                : Mono.justOrEmpty(neverExpiringValue(cached));
    }

    /**
     * {@link #get} over a cache that answers during its subscription ({@link Reads#answersNow}, e.g. the memory
     * store): the cache is read on the subscribing thread, and a copy that never expires is passed on as one
     * value with no operator chain; anything else (a miss, an expiring copy) continues as the general chain does
     * from that read.
     */
    private final class CachedGet extends Mono<Map<String, Object>> {
        private final String collection;
        private final String key;
        private final Mono<Map<String, Object>> cached;

        CachedGet(String collection, String key, Mono<Map<String, Object>> cached) {
            this.collection = collection;
            this.key = key;
            this.cached = cached;
        }

        /** The rest of the read after the cache answered {@code copy} ({@code null}: a miss). */
        private Mono<Map<String, Object>> rest(@Nullable Map<String, Object> copy) {
            Mono<Map<String, Object>> fromPrimary = Mono.defer(() -> fromPrimary(collection, key).map(Entry::value));
            return copy == null ? fromPrimary : cachedValue(collection, key, copy).switchIfEmpty(fromPrimary);
        }

        private static @Nullable Map<String, Object> servedNow(@Nullable Map<String, Object> copy) {
            return copy == null || copy.containsKey("expires_at") ? null : neverExpiringValue(copy);
        }

        @Override
        public void subscribe(reactor.core.CoreSubscriber<? super Map<String, Object>> actual) {
            Map<String, Object> copy;
            try {
                copy = Reads.now(cached);
            } catch (Throwable e) {
                reactor.core.publisher.Operators.error(actual,
                        reactor.core.publisher.Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            Map<String, Object> value = servedNow(copy);
            if (value != null) {
                actual.onSubscribe(reactor.core.publisher.Operators.scalarSubscription(actual, value));
            } else {
                rest(copy).subscribe(actual);
            }
        }

        @Override
        public @Nullable Map<String, Object> block() {
            return blockWith(Mono::block);
        }

        @Override
        public @Nullable Map<String, Object> block(Duration timeout) {
            return blockWith(rest -> rest.block(timeout));
        }

        /** Answers from the cache at once when it can; otherwise blocks on the rest of the read as told. */
        private @Nullable Map<String, Object> blockWith(
                java.util.function.Function<Mono<Map<String, Object>>, @Nullable Map<String, Object>> blocking) {
            Map<String, Object> copy;
            try {
                copy = Reads.now(cached);
            } catch (Throwable e) {
                throw reactor.core.Exceptions.propagate(e);
            }
            Map<String, Object> value = servedNow(copy);
            return value != null ? value : blocking.apply(rest(copy));
        }
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> neverExpiringValue(Map<String, Object> cached) {
        return cached.get("value") instanceof Map<?, ?> value && cached.get("version") instanceof String
                ? (Map<String, Object>) value : null;
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return ttl(collection, key).hasElement();
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return cache.ttlMany(collection, keys).collectList().flatMapMany(cached -> {
            List<Lookup> found = new ArrayList<>(cached.size());
            LinkedHashSet<String> missing = new LinkedHashSet<>();
            for (Lookup l : cached) {
                Entry e = l.entry() == null ? null : unpack(l.entry());
                found.add(new Lookup(l.key(), e));
                if (e == null) {
                    missing.add(l.key());
                }
            }
            if (missing.isEmpty()) {
                return Flux.fromIterable(found);
            }
            long generation = generation(collection);
            return delegate().ttlMany(collection, new ArrayList<>(missing))
                    .concatMap(l -> l.entry() == null ? Mono.just(l) : fill(collection, l.key(), l.entry(), generation).thenReturn(l))
                    .collectMap(Lookup::key, l -> l)
                    .flatMapIterable(fetched -> {
                        List<Lookup> out = new ArrayList<>(found.size());
                        for (Lookup l : found) {
                            out.add(l.isHit() ? l : fetched.getOrDefault(l.key(), l));
                        }
                        return out;
                    });
        });
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return getMany(collection, keys);
    }

    // ---- writes: primary first, then drop the cached copy ----------------------------------

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return delegate().put(collection, key, value, ttl).then(cache.delete(collection, key)).then();
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return delegate().putMany(collection, entries, ttl)
                .then(Mono.defer(() -> cache.deleteMany(collection, new ArrayList<>(entries.keySet())))).then();
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return delegate().delete(collection, key).flatMap(d -> cache.delete(collection, key).thenReturn(d));
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return delegate().deleteMany(collection, keys).flatMap(n -> cache.deleteMany(collection, keys).thenReturn(n));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return delegate().putIfAbsent(collection, key, value, ttl).flatMap(w -> cache.delete(collection, key).thenReturn(w));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return delegate().compareAndSet(collection, key, expectedVersion, value, ttl)
                .flatMap(w -> cache.delete(collection, key).thenReturn(w));
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return delegate().destroyCollection(collection)
                .flatMap(d -> cache.destroyCollection(collection).thenReturn(d));
    }

    @Override
    public void close() {
        watches.values().forEach(w -> w.subscription.dispose());
        watches.clear();
        try {
            delegate().close();
        } finally {
            cache.close();
        }
    }
}
