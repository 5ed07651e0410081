package dev.reactivekv.disk;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

import dev.reactivekv.error.DeserializationException;
import org.jspecify.annotations.Nullable;

/**
 * What the map files hold. Keys are py-key-value's compound key {@code collection::key} ({@link
 * dev.reactivekv.spi.CompoundKey}); values are the envelope's UTF-8 bytes. An envelope larger than {@link #PART_SIZE} is split into parts stored
 * under their own keys ({@code \0blob:<id>:<n>}, never a compound key: it has no {@code ::}), and the
 * entry's record is a pointer (first byte 0, which no JSON text starts with) naming them, so one
 * huge value never needs a huge Chronicle entry.
 */
final class Records {

    static final int PART_SIZE = 256 * 1024;
    static final String PART_PREFIX = "\u0000blob:";

    private Records() {
    }

    static boolean isPointer(byte[] record) {
        return record.length > 0 && record[0] == 0;
    }


    static String partKey(String id, int n) {
        return PART_PREFIX + id + ":" + n;
    }

    /** The blob id of a part key, or null. */
    static @Nullable String partId(String key) {
        if (!key.startsWith(PART_PREFIX)) {
            return null;
        }
        int colon = key.indexOf(':', PART_PREFIX.length());
        return colon < 0 ? null : key.substring(PART_PREFIX.length(), colon);
    }

    static String newBlobId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
    }

    /** A parsed pointer record. */
    record Pointer(@Nullable Instant expiresAt, String id, int parts, int length) {

        byte[] encode() {
            String text = "P1:" + (expiresAt == null ? "-" : Long.toString(micros(expiresAt))) + ":" + id + ":"
                    + parts + ":" + length;
            byte[] body = text.getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[body.length + 1];
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        }

        static Pointer decode(byte[] record) {
            String[] f = new String(record, 1, record.length - 1, StandardCharsets.US_ASCII).split(":");
            if (f.length != 5 || !f[0].equals("P1")) {
                throw new DeserializationException("Corrupt large-value pointer record");
            }
            try {
                Instant exp = f[1].equals("-") ? null : Instant.EPOCH.plus(Long.parseLong(f[1]), ChronoUnit.MICROS);
                return new Pointer(exp, f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]));
            } catch (NumberFormatException e) {
                throw new DeserializationException("Corrupt large-value pointer record", e);
            }
        }
    }

    static long micros(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }
}
