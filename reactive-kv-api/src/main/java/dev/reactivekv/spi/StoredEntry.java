package dev.reactivekv.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.reactivekv.Entry;
import org.jspecify.annotations.Nullable;

/**
 * An entry as a backend holds it, possibly already expired.
 *
 * @param value     canonical immutable JSON object (see {@link dev.reactivekv.spi.JsonValues})
 * @param createdAt when it was written, if known
 * @param expiresAt when it expires, or null for never
 * @param version   the opaque version token; {@code null} on entries handed to a backend for writing,
 *                  where the backend assigns it
 */
public record StoredEntry(Map<String, Object> value, @Nullable Instant createdAt, @Nullable Instant expiresAt,
                          @Nullable String version) {

    public StoredEntry {
        Objects.requireNonNull(value, "value");
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public StoredEntry withVersion(String newVersion) {
        return new StoredEntry(value, createdAt, expiresAt, newVersion);
    }

    /** The public view at {@code now}; the entry must be unexpired and versioned. */
    public Entry toEntry(Instant now) {
        Duration left = expiresAt == null ? null : Duration.between(now, expiresAt);
        return new Entry(value, version == null ? "" : version, createdAt, expiresAt, left);
    }
}
