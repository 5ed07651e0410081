package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.spi.Validation;
import dev.reactivekv.wrapper.internal.Reads;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Base of the wrappers that only rename: prefix collections, prefix keys, single collection, routing. A
 * subclass says where a caller's collection lives (a {@link Place}: which store, the collection's name there,
 * and the prefix its keys get); this class maps every name on the way in and every name on the way back (bulk
 * results, scanned keys, key pages, watch filters and events), for every operation. Threads, errors and
 * cancellation are those of the store a call reaches.
 *
 * <p><b>Checked once, copied never.</b> A renaming layer refuses only what renaming itself would hide: a
 * {@code null} or empty name that a prefix would turn into a valid one. Every other rule of {@link Validation}
 * is left to the store that receives the stored names, which applies it before any I/O (a prefix keeps an
 * unpaired surrogate unpaired and a name too long too long), so a name is validated once per call however many
 * renaming layers it crosses; such an error quotes the stored name. Values pass through as they are: the
 * store copies them, once.
 */
abstract class RenamingStore extends ForwardingKeyValueStore {

    RenamingStore(KeyValueStore delegate) {
        super(delegate);
    }

    /**
     * Where one caller collection lives.
     *
     * @param store      the store calls for it go to
     * @param collection its name in that store (unchecked when it is the caller's name unchanged)
     * @param keyPrefix  what its keys are prefixed with there; empty for none
     */
    record Place(KeyValueStore store, String collection, String keyPrefix) {

        boolean renamesKeys() {
            return !keyPrefix.isEmpty();
        }

        String key(String key) {
            return renamesKeys() ? keyPrefix + present(key) : key;
        }

        /** The caller's key for a stored one (a store only returns keys under the prefix it was asked for). */
        String callerKey(String stored) {
            return renamesKeys() ? stored.substring(keyPrefix.length()) : stored;
        }

        @Nullable List<String> keys(@Nullable List<String> keys) {
            if (!renamesKeys() || keys == null) {
                return keys; // the store refuses a null list itself
            }
            List<String> out = new ArrayList<>(keys.size());
            for (String k : keys) {
                out.add(key(k));
            }
            return out;
        }

        <V> @Nullable Map<String, V> entries(@Nullable Map<String, V> entries) {
            if (!renamesKeys() || entries == null) {
                return entries;
            }
            Map<String, V> out = new LinkedHashMap<>();
            for (Map.Entry<String, V> e : entries.entrySet()) {
                out.put(key(e.getKey()), e.getValue());
            }
            return out;
        }

        Lookup lookup(Lookup l) {
            return new Lookup(callerKey(l.key()), l.entry());
        }

        @Nullable ScanOptions scan(@Nullable ScanOptions options) {
            if (!renamesKeys() || options == null) {
                return options;
            }
            String p = options.prefix() == null ? keyPrefix : keyPrefix + options.prefix();
            String after = options.after() == null ? null : keyPrefix + options.after();
            return new ScanOptions(p, options.cursor(), after, options.pageSize());
        }

        KeyPage page(KeyPage page) {
            List<String> keys = new ArrayList<>(page.keys().size());
            for (String k : page.keys()) {
                keys.add(callerKey(k));
            }
            return new KeyPage(keys, page.nextCursor());
        }

        @Nullable KeyFilter filter(@Nullable KeyFilter filter) {
            if (!renamesKeys() || filter == null) {
                return filter;
            }
            String exact = filter.exactKey();
            return exact != null ? KeyFilter.key(keyPrefix + exact) : KeyFilter.prefix(keyPrefix + filter.prefixOrNull());
        }

        /** The event as the caller names it. */
        KeyEvent event(KeyEvent e, String callerCollection) {
            if (e.type() == KeyEvent.Type.RESYNC) {
                return KeyEvent.resync(callerCollection);
            }
            return new KeyEvent(e.type(), callerCollection, callerKey(e.key()));
        }
    }

    /** Where {@code collection} lives; throws a {@code KeyValueException} for a name this wrapper cannot map. */
    abstract Place place(String collection);

    /** A caller's collection name and its {@link Place}. */
    record Placed(String caller, Place place) {
    }

    /**
     * The last collection placed, for wrappers whose placement builds names (a prefix, a check of the name):
     * calls mostly repeat one collection, which then costs an {@code equals} instead of a new name. A plain
     * field: a thread may see an older one, which the name check then passes over; a {@link Placed} is
     * immutable, so any thread sees it whole.
     */
    private @Nullable Placed lastPlaced;

    /** {@code place.apply(collection)}, or the last such answer for the same name. Only for stable placements. */
    final Place remembered(String collection, Function<String, Place> place) {
        Placed last = lastPlaced;
        if (last != null && last.caller().equals(collection)) {
            return last.place();
        }
        Place p = place.apply(collection);
        lastPlaced = new Placed(collection, p);
        return p;
    }

    /** Refuses the two names a prefix would make valid; the store that receives a name checks the rest. */
    static String present(@Nullable String key) {
        return key == null || key.isEmpty() ? Validation.key(key) : key;
    }

    /** As {@link #present(String)}, for a collection name. */
    static String presentCollection(@Nullable String collection) {
        return collection == null || collection.isEmpty() ? Validation.collection(collection) : collection;
    }

    private static Flux<Lookup> lookups(Place p, Flux<Lookup> stored) {
        return p.renamesKeys() ? stored.map(p::lookup) : stored;
    }

    private <T> Mono<T> at(String collection, Function<Place, Mono<T>> call) {
        return Mono.defer(() -> call.apply(place(collection)));
    }

    /**
     * Whether {@link #place} always gives the same answer for a name (a pure function of it, as renaming is).
     * Then a read is placed when it is called rather than when it is subscribed, so what it returns is the
     * receiving store's own read (which answers at once where the store does: see {@link Reads}); a name it
     * refuses still fails at subscription. A wrapper whose placement may change (a caller's router) says false.
     */
    boolean placesAreStable() {
        return true;
    }

    /** A read: {@link #at}, placed now when placement is stable. */
    private <T> Mono<T> read(String collection, Function<Place, Mono<T>> call) {
        if (!placesAreStable()) {
            return Reads.defer(() -> call.apply(place(collection)));
        }
        try {
            return call.apply(place(collection));
        } catch (RuntimeException refused) {
            // signalled at subscription, and thrown afresh for each one, as a deferred call would
            return Mono.defer(() -> call.apply(place(collection)));
        }
    }

    private <T> Flux<T> atMany(String collection, Function<Place, Flux<T>> call) {
        return Flux.defer(() -> call.apply(place(collection)));
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return read(collection, p -> p.store().get(p.collection(), p.key(key)));
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return read(collection, p -> p.store().ttl(p.collection(), p.key(key)));
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return at(collection, p -> p.store().put(p.collection(), p.key(key), value, ttl));
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return at(collection, p -> p.store().delete(p.collection(), p.key(key)));
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return read(collection, p -> p.store().exists(p.collection(), p.key(key)));
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return atMany(collection, p -> lookups(p, p.store().getMany(p.collection(), p.keys(keys))));
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return atMany(collection, p -> lookups(p, p.store().ttlMany(p.collection(), p.keys(keys))));
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return at(collection, p -> p.store().putMany(p.collection(), p.entries(entries), ttl));
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return at(collection, p -> p.store().deleteMany(p.collection(), p.keys(keys)));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return at(collection, p -> p.store().putIfAbsent(p.collection(), p.key(key), value, ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return at(collection, p -> p.store().compareAndSet(p.collection(), p.key(key), expectedVersion, value, ttl));
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return atMany(collection, p -> {
            Flux<String> stored = p.store().keys(p.collection(), p.scan(options));
            return p.renamesKeys() ? stored.map(p::callerKey) : stored;
        });
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return at(collection, p -> {
            Mono<KeyPage> stored = p.store().keyPage(p.collection(), p.scan(options));
            return p.renamesKeys() ? stored.map(p::page) : stored;
        });
    }

    /**
     * Destroys the collection where it lives; where its keys share a stored collection with others (a key
     * prefix), deletes only its keys, page by page (memory bounded by one batch). Emits whether anything went.
     */
    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return at(collection, p -> {
            if (!p.renamesKeys()) {
                return p.store().destroyCollection(p.collection());
            }
            return p.store().keys(p.collection(), ScanOptions.prefix(p.keyPrefix()).withPageSize(500))
                    .buffer(500)
                    .concatMap(batch -> p.store().deleteMany(p.collection(), batch))
                    .reduce(0L, Long::sum)
                    .map(n -> n > 0);
        });
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return atMany(collection, p -> {
            Flux<KeyEvent> stored = p.store().watch(p.collection(), p.filter(filter));
            return p.renamesKeys() || !p.collection().equals(collection) ? stored.map(e -> p.event(e, collection)) : stored;
        });
    }
}
