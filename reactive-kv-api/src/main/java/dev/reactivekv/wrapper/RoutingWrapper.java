package dev.reactivekv.wrapper;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyValueStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * py-key-value's routing wrappers: each call goes to the store the router picks for its
 * collection, or to the wrapped (default) store when the router returns {@code null}; names are
 * not changed, and the router sees a non-empty name (the store it picks checks the rest).
 * {@link #collections()} concatenates every store's collections, each name listed only by the
 * store it routes to. Capabilities are those every store shares. {@link #close()} closes the
 * default store and every routed store.
 */
final class RoutingWrapper extends RenamingStore {

    private final Function<String, @Nullable KeyValueStore> router;
    private final List<KeyValueStore> stores;
    private final boolean stableRoutes;

    /** @param stableRoutes whether {@code router} always routes a name to the same store (a fixed map does) */
    RoutingWrapper(KeyValueStore delegate, Function<String, @Nullable KeyValueStore> router,
                   Iterable<? extends KeyValueStore> routed, boolean stableRoutes) {
        super(delegate);
        this.router = router;
        this.stableRoutes = stableRoutes;
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
        KeyValueStore s = router.apply(collection);
        return s == null ? delegate() : s;
    }

    @Override
    Place place(String collection) {
        return new Place(route(presentCollection(collection)), collection, "");
    }

    /** A caller's router is asked at each subscription, as it always was; a fixed map may be asked at the call. */
    @Override
    boolean placesAreStable() {
        return stableRoutes;
    }

    @Override
    public Flux<String> collections() {
        return Flux.fromIterable(stores)
                .concatMap(s -> s.collections().filter(name -> route(name) == s));
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
