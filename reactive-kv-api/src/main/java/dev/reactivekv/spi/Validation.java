package dev.reactivekv.spi;

import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.error.InvalidTtlException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The argument rules every store applies before any I/O. Stores built on
 * {@link dev.reactivekv.spi.AbstractKeyValueStore} call these for you.
 */
public final class Validation {

    /** Longest accepted key or collection name, in UTF-16 chars; stores may sanitize longer forms. */
    public static final int MAX_NAME_LENGTH = 4096;

    /** Longest accepted TTL; beyond it expiry timestamps stop being representable everywhere. */
    public static final Duration MAX_TTL = Duration.ofDays(36_500);

    private Validation() {
    }

    public static String collection(@Nullable String collection) {
        String problem = nameProblem(collection);
        if (problem != null) {
            throw new InvalidCollectionException("Invalid collection " + quote(collection) + ": " + problem);
        }
        return collection;
    }

    public static String key(@Nullable String key) {
        String problem = nameProblem(key);
        if (problem != null) {
            throw new InvalidKeyException("Invalid key " + quote(key) + ": " + problem);
        }
        return key;
    }

    /** Returns the TTL unchanged; {@code null} (no expiry) is valid. */
    public static @Nullable Duration ttl(@Nullable Duration ttl) {
        if (ttl == null) {
            return null;
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new InvalidTtlException("TTL must be positive, got " + ttl);
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidTtlException("TTL must be at most " + MAX_TTL + ", got " + ttl);
        }
        return ttl;
    }

    /** Whether {@link #key} and {@link #collection} accept the name (non-empty, not too long, no unpaired surrogate). */
    public static boolean isValidName(@Nullable String name) {
        return nameProblem(name) == null;
    }

    private static @Nullable String nameProblem(@Nullable String name) {
        if (name == null) {
            return "must not be null";
        }
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "longer than " + MAX_NAME_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    return "contains an unpaired surrogate at index " + i;
                }
                i++;
            }
        }
        return null;
    }

    private static String quote(@Nullable String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return "'" + shown + "'";
    }
}
