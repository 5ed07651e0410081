package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.reactivekv.Capability;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.spi.Validation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * py-key-value's routing wrappers: each call goes to the store the router picks for its
 * collection, or to the wrapped (default) store when the router returns {@code null}.
 * {@link #collections()} concatenates every store's collections, each name listed only by the
 * store it routes to. Capabilities are those every store shares. {@link #close()} closes the
 * default store and every routed store.
 */
final class RoutingWrapper extends ForwardingKeyValueStore {

    private final Function<String, @Nullable KeyValueStore> router;
    private final List<KeyValueStore> stores;

    RoutingWrapper(KeyValueStore delegate, Function<String, @Nullable KeyValueStore> router,
                   Iterable<? extends KeyValueStore> routed) {
        super(delegate);
        this.router = router;
        Set<KeyValueStore> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<KeyValueStore> ordered = new ArrayList<>();
        for (KeyValueStore s : concat(delegate, routed)) {
            if (all.add(s)) {
                ordered.add(s);
            }
        }
        this.stores = List.copyOf(ordered);
    }

    private static List<KeyValueStore> concat(KeyValueStore first, Iterable<? extends KeyValueStore> rest) {
        List<KeyValueStore> out = new ArrayList<>();
        out.add(first);
        rest.forEach(out::add);
        return out;
    }

    private KeyValueStore route(String collection) {
        Validation.collection(collection);
        KeyValueStore s = router.apply(collection);
        return s == null ? delegate() : s;
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return Mono.defer(() -> route(collection).get(collection, key));
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return Mono.defer(() -> route(collection).ttl(collection, key));
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> route(collection).put(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return Mono.defer(() -> route(collection).delete(collection, key));
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return Mono.defer(() -> route(collection).exists(collection, key));
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return Flux.defer(() -> route(collection).getMany(collection, keys));
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return Flux.defer(() -> route(collection).ttlMany(collection, keys));
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return Mono.defer(() -> route(collection).putMany(collection, entries, ttl));
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return Mono.defer(() -> route(collection).deleteMany(collection, keys));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> route(collection).putIfAbsent(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> route(collection).compareAndSet(collection, key, expectedVersion, value, ttl));
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return Flux.defer(() -> route(collection).keys(collection, options));
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return Mono.defer(() -> route(collection).keyPage(collection, options));
    }

    @Override
    public Flux<String> collections() {
        return Flux.fromIterable(stores)
                .concatMap(s -> s.collections().filter(name -> route(name) == s));
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return Mono.defer(() -> route(collection).destroyCollection(collection));
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return Flux.defer(() -> route(collection).watch(collection, filter));
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> shared = EnumSet.allOf(Capability.class);
        for (KeyValueStore s : stores) {
            shared.retainAll(s.capabilities());
        }
        return java.util.Collections.unmodifiableSet(shared);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (KeyValueStore s : new LinkedHashSet<>(stores)) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
