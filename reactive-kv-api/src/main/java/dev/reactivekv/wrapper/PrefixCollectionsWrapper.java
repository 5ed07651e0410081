package dev.reactivekv.wrapper;

import dev.reactivekv.KeyValueStore;
import reactor.core.publisher.Flux;

/**
 * py-key-value's prefix-collections wrapper: collection {@code c} is stored as {@code prefix__c}.
 * {@link #collections()} lists only this prefix's collections, stripped; watch events carry the
 * caller's collection name.
 */
final class PrefixCollectionsWrapper extends RenamingStore {

    private final String prefix;

    PrefixCollectionsWrapper(KeyValueStore delegate, String prefix) {
        super(delegate);
        this.prefix = prefix + "__";
    }

    @Override
    Place place(String collection) {
        if (collection == null) {
            presentCollection(null);
        }
        return remembered(collection, c -> new Place(delegate(), prefix + presentCollection(c), ""));
    }

    @Override
    public Flux<String> collections() {
        return delegate().collections().filter(n -> n.startsWith(prefix)).map(n -> n.substring(prefix.length()));
    }
}
