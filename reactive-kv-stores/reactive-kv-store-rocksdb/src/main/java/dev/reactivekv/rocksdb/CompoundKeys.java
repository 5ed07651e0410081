package dev.reactivekv.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.spi.CompoundKey;
import org.jspecify.annotations.Nullable;

/**
 * The byte side of py-key-value's RocksDB key layout, the UTF-8 bytes of {@link CompoundKey}
 * {@code collection::key}. Because {@link CompoundKey#checkCollection} refuses a collection with
 * {@code "::"} or a trailing {@code ':'}, the first {@code "::"} of a compound key always ends the
 * collection, and the keys of one collection are exactly the contiguous byte range
 * {@code [c::, c:;)} (';' follows ':' in ASCII), which no other collection's keys enter.
 */
final class CompoundKeys {

    static final byte COLON = ':';
    private static final String CURSOR_PREFIX = "r1.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private CompoundKeys() {
    }

    static byte[] entry(String collection, String key) {
        return utf8(CompoundKey.join(collection, key));
    }

    /** The first compound key of the collection's keys that start with {@code prefix}. */
    static byte[] lower(String collection, @Nullable String prefix) {
        return utf8(CompoundKey.join(collection, prefix == null ? "" : prefix));
    }

    /** The smallest byte string greater than every string that starts with {@code prefix}, or null if none exists. */
    static byte @Nullable [] successor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] out = Arrays.copyOf(prefix, i + 1);
                out[i]++;
                return out;
            }
        }
        return null;
    }

    /** The smallest byte string strictly greater than {@code bytes}. */
    static byte[] after(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Index of the first {@code "::"}, or -1 (a key py-key-value did not write). */
    static int separator(byte[] compound) {
        for (int i = 0; i + 1 < compound.length; i++) {
            if (compound[i] == COLON && compound[i + 1] == COLON) {
                return i;
            }
        }
        return -1;
    }

    static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An opaque, ASCII cursor naming the last key (or collection) a page returned. */
    static String cursor(String last) {
        return CURSOR_PREFIX + B64.encodeToString(utf8(last));
    }

    /** The UTF-8 bytes a cursor names; a cursor this store did not make fails with {@link InvalidCursorException}. */
    static byte[] cursorBytes(String cursor) {
        if (!cursor.startsWith(CURSOR_PREFIX)) {
            throw new InvalidCursorException("Not a cursor of the RocksDB store: " + cursor);
        }
        try {
            byte[] bytes = B64D.decode(cursor.substring(CURSOR_PREFIX.length()));
            // a cursor must name a well-formed key: re-encoding gives the same bytes only for valid UTF-8
            if (bytes.length == 0 || !Arrays.equals(bytes, utf8(new String(bytes, StandardCharsets.UTF_8)))) {
                throw new InvalidCursorException("Cursor does not name a key: " + cursor);
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("Malformed cursor: " + cursor, e);
        }
    }
}
