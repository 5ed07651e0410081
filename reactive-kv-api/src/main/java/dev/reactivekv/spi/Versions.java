package dev.reactivekv.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Version tokens for stores that persist py-key-value envelopes, which have no version field:
 * the version is a digest of the stored bytes. Every write stamps a fresh {@code created_at}, so
 * two writes give two versions; equal tokens mean byte-identical entries.
 */
public final class Versions {

    private Versions() {
    }

    /** First 16 hex digits of the SHA-1 of the UTF-8 bytes (matches Redis's {@code redis.sha1hex} prefix). */
    public static String ofStored(String storedText) {
        return ofStored(storedText.getBytes(StandardCharsets.UTF_8));
    }

    public static String ofStored(byte[] storedBytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(storedBytes);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
