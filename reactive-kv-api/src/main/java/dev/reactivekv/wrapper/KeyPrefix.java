package dev.reactivekv.wrapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.spi.Validation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Maps caller keys to stored keys by a literal prefix and back, for keys, key lists, scans,
 * pages and watch filters. Caller keys are validated before the prefix is added, so an empty
 * key stays an {@link InvalidKeyException} instead of becoming the bare prefix.
 */
final class KeyPrefix {

    private final String prefix;

    KeyPrefix(String prefix) {
        this.prefix = prefix;
    }

    String add(String key) {
        return prefix + Validation.key(key);
    }

    String strip(String stored) {
        return stored.substring(prefix.length());
    }

    boolean owns(String stored) {
        return stored.startsWith(prefix);
    }

    List<String> addAll(List<String> keys) {
        if (keys == null) {
            throw new InvalidKeyException("Invalid key list: must not be null");
        }
        List<String> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            out.add(add(k));
        }
        return out;
    }

    <V> Map<String, V> addAll(Map<String, V> entries) {
        Map<String, V> out = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : entries.entrySet()) {
            out.put(add(e.getKey()), e.getValue());
        }
        return out;
    }

    /** Options for the stored keys; a null argument is left for the wrapped store to reject. */
    @Nullable ScanOptions scan(@Nullable ScanOptions options) {
        if (options == null) {
            return null;
        }
        String p = options.prefix() == null ? prefix : prefix + options.prefix();
        String after = options.after() == null ? null : prefix + options.after();
        return new ScanOptions(p, options.cursor(), after, options.pageSize());
    }

    KeyPage page(KeyPage page) {
        List<String> keys = new ArrayList<>(page.keys().size());
        for (String k : page.keys()) {
            keys.add(strip(k));
        }
        return new KeyPage(keys, page.nextCursor());
    }

    @Nullable KeyFilter filter(@Nullable KeyFilter filter) {
        if (filter == null) {
            return null;
        }
        String exact = filter.exactKey();
        return exact != null ? KeyFilter.key(prefix + exact) : KeyFilter.prefix(prefix + filter.prefixOrNull());
    }

    /** The event as the caller names it: {@code collection} and the stripped key. */
    KeyEvent event(KeyEvent e, String collection) {
        if (e.type() == KeyEvent.Type.RESYNC) {
            return KeyEvent.resync(collection);
        }
        return new KeyEvent(e.type(), collection, strip(e.key()));
    }

    /**
     * Deletes every stored key under this prefix, page by page (memory bounded by one batch);
     * emits whether anything was removed.
     */
    Mono<Boolean> destroy(KeyValueStore store, String collection) {
        return store.keys(collection, ScanOptions.prefix(prefix).withPageSize(500))
                .buffer(500)
                .concatMap(batch -> store.deleteMany(collection, batch))
                .reduce(0L, Long::sum)
                .map(n -> n > 0);
    }
}
