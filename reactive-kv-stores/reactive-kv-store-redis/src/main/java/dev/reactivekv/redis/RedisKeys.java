package dev.reactivekv.redis;

import dev.reactivekv.error.InvalidCollectionException;

/**
 * py-key-value's Redis layout: {@code collection::key}. A reader splits on the first {@code ::},
 * so a collection containing {@code ::} would be read back as another collection; such names are
 * refused rather than silently colliding ({@code "c::x" + "y"} and {@code "c" + "x::y"}).
 */
final class RedisKeys {

    static final String SEPARATOR = "::";

    private RedisKeys() {
    }

    static String compound(String collection, String key) {
        checkCollection(collection);
        return collection + SEPARATOR + key;
    }

    static String checkCollection(String collection) {
        if (collection.contains(SEPARATOR)) {
            throw new InvalidCollectionException("Invalid collection '" + collection
                    + "': the Redis layout collection::key cannot hold a collection containing '::'");
        }
        return collection;
    }

    /** The key part of a compound key of {@code collection}. */
    static String keyOf(String collection, String compound) {
        return compound.substring(collection.length() + SEPARATOR.length());
    }

    /** The collection part (up to the first separator), or null when the key is not in the layout. */
    static String collectionOf(String compound) {
        int i = compound.indexOf(SEPARATOR);
        return i <= 0 ? null : compound.substring(0, i);
    }

    /** MATCH pattern for the keys of a collection starting with a literal prefix. */
    static String pattern(String collection, String prefix) {
        return glob(collection) + SEPARATOR + glob(prefix) + "*";
    }

    /** Escapes Redis glob metacharacters so the text matches literally. */
    static String glob(String literal) {
        StringBuilder b = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^' || c == '-') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
