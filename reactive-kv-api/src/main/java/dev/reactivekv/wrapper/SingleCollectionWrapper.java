package dev.reactivekv.wrapper;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.spi.Validation;
import reactor.core.publisher.Flux;

/**
 * py-key-value's single-collection wrapper: every entry lives in one collection of the wrapped
 * store, key {@code k} of collection {@code c} stored as {@code c__k}. Scans and watch map back
 * to the caller's collection and key.
 *
 * <p>Unlike py-key-value, a collection name containing the separator is refused with
 * {@link InvalidCollectionException}: otherwise {@code ("a__b", "c")} and {@code ("a", "b__c")}
 * would share the stored key {@code a__b__c}. The caller's collection is checked here in full, as
 * the wrapped store only ever sees it inside a key. {@link #collections()} scans the single
 * collection's keys and remembers the distinct names it has emitted (memory grows with the
 * number of collections, not keys).
 */
final class SingleCollectionWrapper extends RenamingStore {

    private final String single;
    private final String separator;

    SingleCollectionWrapper(KeyValueStore delegate, String single, String separator) {
        super(delegate);
        this.single = Validation.collection(single);
        try {
            // a valid separator keeps a caller's unpaired surrogate unpaired in the stored key
            this.separator = Validation.key(separator);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("separator: " + e.getMessage(), e);
        }
    }

    @Override
    Place place(String collection) {
        if (collection == null) {
            Validation.collection(null);
        }
        return remembered(collection, this::check);
    }

    /** The caller's collection checked in full (the wrapped store sees it only inside keys), and where it lives. */
    private Place check(String collection) {
        Validation.collection(collection);
        if (collection.contains(separator)) {
            throw new InvalidCollectionException("Invalid collection '" + collection + "': contains the separator '"
                    + separator + "' of the single-collection wrapper");
        }
        return new Place(delegate(), single, collection + separator);
    }

    @Override
    public Flux<String> collections() {
        return delegate().keys(single)
                .filter(k -> k.indexOf(separator) > 0)
                .map(k -> k.substring(0, k.indexOf(separator)))
                .distinct();
    }
}
