package dev.reactivekv.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.error.MissingKeyException;
import dev.reactivekv.wrapper.internal.Reads;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * py-key-value's raise-on-missing adapter: reads that would complete empty fail with
 * {@link MissingKeyException} instead. Bulk reads fail as a whole, naming every missing key,
 * and emit nothing when any key is missing. Other errors pass through unchanged; signals arrive
 * on the wrapped store's threads.
 */
public final class RaiseOnMissingAdapter {

    private final KeyValueStore store;

    private RaiseOnMissingAdapter(KeyValueStore store) {
        this.store = store;
    }

    public static RaiseOnMissingAdapter of(KeyValueStore store) {
        return new RaiseOnMissingAdapter(Objects.requireNonNull(store, "store"));
    }

    /** The adapted store, for everything this adapter does not change. */
    public KeyValueStore store() {
        return store;
    }

    private static MissingKeyException missing(String operation, String collection, Object keys) {
        return new MissingKeyException("A key was requested that was required but not found in the store.: (operation: "
                + operation + ";collection: " + collection + ";key: " + keys + ")");
    }

    /** The value, or {@link MissingKeyException}. */
    public Mono<Map<String, Object>> get(String collection, String key) {
        return Reads.orElseGet(store.get(collection, key), () -> {
            throw missing("get", collection, key);
        });
    }

    /** The entry, or {@link MissingKeyException}. */
    public Mono<Entry> ttl(String collection, String key) {
        return Reads.orElseGet(store.ttl(collection, key), () -> {
            throw missing("ttl", collection, key);
        });
    }

    /** One value per key in request order, or {@link MissingKeyException} naming the missing keys. */
    public Flux<Map<String, Object>> getMany(String collection, List<String> keys) {
        return ttlMany(collection, keys, "get_many").map(Entry::value);
    }

    /** One entry per key in request order, or {@link MissingKeyException} naming the missing keys. */
    public Flux<Entry> ttlMany(String collection, List<String> keys) {
        return ttlMany(collection, keys, "ttl_many");
    }

    private Flux<Entry> ttlMany(String collection, List<String> keys, String operation) {
        return store.ttlMany(collection, keys).collectList().flatMapMany(lookups -> {
            List<String> absent = new ArrayList<>();
            List<Entry> entries = new ArrayList<>(lookups.size());
            for (Lookup l : lookups) {
                if (l.isHit()) {
                    entries.add(l.entry());
                } else {
                    absent.add(l.key());
                }
            }
            return absent.isEmpty() ? Flux.fromIterable(entries) : Flux.error(missing(operation, collection, absent));
        });
    }
}
