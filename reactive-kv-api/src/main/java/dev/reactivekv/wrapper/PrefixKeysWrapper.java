package dev.reactivekv.wrapper;

import dev.reactivekv.KeyValueStore;

/**
 * py-key-value's prefix-keys wrapper: key {@code k} is stored as {@code prefix__k} in the same
 * collection. Scans see only this prefix's keys, stripped, in the wrapped store's order; watch
 * events are stripped too. {@link #destroyCollection} removes only this prefix's keys, so
 * several prefixes can share one collection. {@link #collections()} is the wrapped store's list.
 */
final class PrefixKeysWrapper extends RenamingStore {

    private final String prefix;

    PrefixKeysWrapper(KeyValueStore delegate, String prefix) {
        super(delegate);
        this.prefix = prefix + "__";
    }

    @Override
    Place place(String collection) {
        return collection == null ? new Place(delegate(), collection, prefix)
                : remembered(collection, c -> new Place(delegate(), c, prefix));
    }
}
