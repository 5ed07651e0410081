package dev.reactivekv.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import dev.reactivekv.codec.SanitizationStrategy;
import dev.reactivekv.spi.CompoundKey;

/**
 * The memcached key of a (collection, key) pair, as py-key-value's {@code MemcachedStore} with its
 * {@code MemcachedV1KeySanitizationStrategy} names it: the compound key {@code collection::key},
 * replaced by {@code H_} + the SHA-256 hex of its UTF-8 bytes when it is longer than 240 code points.
 *
 * <p>Two cases py-key-value cannot store at all (its client refuses them) are stored here too:
 * a compound key of at most 240 code points but more than memcached's 250 bytes (non-ASCII text)
 * is hashed the same way; a key with a space or a control character is sent base64-encoded with the
 * meta protocol's {@code b} flag, which stores the same key bytes a plain key would. Neither can
 * collide with another pair: an unhashed key always contains {@code ::}, a hashed one never does.
 */
final class MemcachedKeys {

    /** memcached's key limit, in bytes. */
    static final int MAX_KEY_BYTES = 250;
    /** py-key-value's {@code MemcachedV1KeySanitizationStrategy} hashes compound keys longer than this (code points). */
    static final int HASH_ABOVE_CODE_POINTS = 240;

    private static final SanitizationStrategy V1 = SanitizationStrategy.hashExcessLength(HASH_ABOVE_CODE_POINTS);

    private MemcachedKeys() {
    }

    /** A key as it is written on a command line: its bytes, and whether they are base64 (flag {@code b}). */
    static final class WireKey {
        private final byte[] token;
        private final boolean base64;

        private WireKey(byte[] token, boolean base64) {
            this.token = token;
            this.base64 = base64;
        }

        byte[] token() {
            return token;
        }

        boolean base64() {
            return base64;
        }

        @Override
        public String toString() {
            return new String(token, StandardCharsets.UTF_8) + (base64 ? " (base64)" : "");
        }
    }

    /** The wire form of the pair's key; the collection must pass {@link CompoundKey#checkCollection}. */
    static WireKey of(String collection, String key) {
        return wire(physical(collection, key));
    }

    /** The key memcached holds for the pair (before any base64 transport encoding). */
    static String physical(String collection, String key) {
        String compound = CompoundKey.join(collection, key);
        String sanitized = V1.sanitize(compound);
        if (!sanitized.equals(compound)) {
            return sanitized;
        }
        return sendable(compound.getBytes(StandardCharsets.UTF_8)) ? compound : "H_" + sha256Hex(compound);
    }

    private static WireKey wire(String physical) {
        byte[] utf8 = physical.getBytes(StandardCharsets.UTF_8);
        if (plain(utf8)) {
            return new WireKey(utf8, false);
        }
        return new WireKey(Base64.getEncoder().encode(utf8), true);
    }

    /** Whether these key bytes can be sent, plainly or base64-encoded (memcached limits the encoded token too). */
    private static boolean sendable(byte[] utf8) {
        return plain(utf8) || base64Length(utf8.length) <= MAX_KEY_BYTES;
    }

    /** At most 250 bytes with no space or control byte: sent as it is, as every memcached client does. */
    private static boolean plain(byte[] utf8) {
        if (utf8.length > MAX_KEY_BYTES) {
            return false;
        }
        for (byte b : utf8) {
            if ((b >= 0 && b <= ' ') || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static int base64Length(int bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
