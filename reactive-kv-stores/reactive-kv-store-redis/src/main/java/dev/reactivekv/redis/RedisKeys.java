package dev.reactivekv.redis;

import dev.reactivekv.spi.CompoundKey;

/**
 * Redis-specific helpers over the shared {@link CompoundKey} layout {@code collection::key}: SCAN and
 * PSUBSCRIBE take glob patterns, in which a collection's or prefix's own characters must match literally.
 */
final class RedisKeys {

    private RedisKeys() {
    }

    /** MATCH pattern for the keys of a collection starting with a literal prefix. */
    static String pattern(String collection, String prefix) {
        return glob(CompoundKey.prefix(collection)) + glob(prefix) + "*";
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
