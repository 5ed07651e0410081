package dev.reactivekv.spi;

import dev.reactivekv.error.InvalidCollectionException;
import org.jspecify.annotations.Nullable;

/**
 * py-key-value's compound key {@code collection::key}, shared by every store that joins the two
 * names into one backend key (Redis, Valkey, memcached, RocksDB, disk).
 *
 * <p>A reader splits a compound key at its first {@code ::}. That is unambiguous only when the
 * collection neither contains {@code ::} nor ends with {@code :}: otherwise {@code ("a:", "b")} and
 * {@code ("a", ":b")} would both be {@code a:::b}, and one write would overwrite the other. Such
 * collections are refused with {@link InvalidCollectionException} before any I/O; keys are free.
 * A store opts in with {@link AbstractKeyValueStore#joinsCollectionAndKey()}, which applies this
 * rule to every operation.
 */
public final class CompoundKey {

    public static final String SEPARATOR = "::";

    private CompoundKey() {
    }

    /** The collection, if the layout can hold it. */
    public static String checkCollection(String collection) {
        if (collection.contains(SEPARATOR) || collection.endsWith(":")) {
            throw new InvalidCollectionException("Invalid collection '" + collection
                    + "': it contains '::' or ends with ':', which would make the compound key 'collection::key'"
                    + " ambiguous (two different pairs would share one stored key)");
        }
        return collection;
    }

    /** {@code collection::key}; refuses a collection the layout cannot hold. */
    public static String join(String collection, String key) {
        return checkCollection(collection) + SEPARATOR + key;
    }

    /** {@code collection::}, the common prefix of the collection's compound keys. */
    public static String prefix(String collection) {
        return checkCollection(collection) + SEPARATOR;
    }

    /** The key part of a compound key known to belong to {@code collection}. */
    public static String keyOf(String collection, String compound) {
        return compound.substring(collection.length() + SEPARATOR.length());
    }

    /** The collection part (up to the first separator), or null for a key not in the layout. */
    public static @Nullable String collectionOf(String compound) {
        int i = compound.indexOf(SEPARATOR);
        return i <= 0 ? null : compound.substring(0, i);
    }
}
