package dev.reactivekv.rocksdb;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Keys of the {@code rkv-expiry} column family: 8 bytes of expiry (epoch microseconds, sign bit
 * flipped so unsigned byte order is time order) followed by the entry's compound key. Values are
 * empty. Overwriting or deleting an entry leaves its old index key behind; the sweep recognises
 * such a stale key by re-reading the entry and simply drops it.
 */
final class ExpiryIndex {

    static final byte[] EMPTY = new byte[0];

    private ExpiryIndex() {
    }

    static byte[] key(Instant expiresAt, byte[] compoundKey) {
        byte[] out = new byte[8 + compoundKey.length];
        writeTime(out, micros(expiresAt));
        System.arraycopy(compoundKey, 0, out, 8, compoundKey.length);
        return out;
    }

    /** The first index key after every expiry at or before {@code now}. */
    static byte[] upperBound(Instant now) {
        byte[] out = new byte[8];
        writeTime(out, micros(now) + 1);
        return out;
    }

    static byte[] compoundKey(byte[] indexKey) {
        return Arrays.copyOfRange(indexKey, 8, indexKey.length);
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private static void writeTime(byte[] out, long micros) {
        long v = micros ^ Long.MIN_VALUE;
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
    }
}
