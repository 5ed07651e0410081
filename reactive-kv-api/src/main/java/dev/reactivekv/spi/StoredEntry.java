package dev.reactivekv.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import dev.reactivekv.Entry;
import org.jspecify.annotations.Nullable;

/**
 * An entry as a backend holds it, possibly already expired. Immutable.
 *
 * <p>An entry read from stored bytes ({@link EntryCodec#fromBytes}) computes its version, a digest of
 * those bytes, only when {@link #version()} is first called: reads that never ask for a version
 * never pay for the digest.
 */
public final class StoredEntry {

    private final Map<String, Object> value;
    private final @Nullable Instant createdAt;
    private final @Nullable Instant expiresAt;
    private @Nullable String version;
    private final byte @Nullable [] versionSource;

    /**
     * @param value     canonical immutable JSON object (see {@link JsonValues})
     * @param createdAt when it was written, if known
     * @param expiresAt when it expires, or null for never
     * @param version   the opaque version token; {@code null} on entries handed to a backend for writing,
     *                  where the backend assigns it
     */
    public StoredEntry(Map<String, Object> value, @Nullable Instant createdAt, @Nullable Instant expiresAt,
                       @Nullable String version) {
        this(value, createdAt, expiresAt, version, null);
    }

    private StoredEntry(Map<String, Object> value, @Nullable Instant createdAt, @Nullable Instant expiresAt,
                        @Nullable String version, byte @Nullable [] versionSource) {
        this.value = Objects.requireNonNull(value, "value");
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.version = version;
        this.versionSource = versionSource;
    }

    /** An entry whose version is {@link Versions#ofStored} of {@code storedBytes}, computed on first use. */
    static StoredEntry versionedBy(Map<String, Object> value, @Nullable Instant createdAt, @Nullable Instant expiresAt,
                                   byte[] storedBytes) {
        return new StoredEntry(value, createdAt, expiresAt, null, storedBytes);
    }

    public Map<String, Object> value() {
        return value;
    }

    public @Nullable Instant createdAt() {
        return createdAt;
    }

    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    /** The version token, or null for an entry about to be written. */
    public @Nullable String version() {
        String v = version;
        if (v == null && versionSource != null) {
            v = Versions.ofStored(versionSource);
            version = v; // a benign race: every thread computes the same string
        }
        return v;
    }

    private String versionOrEmpty() {
        String v = version();
        return v == null ? "" : v;
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public StoredEntry withVersion(String newVersion) {
        return new StoredEntry(value, createdAt, expiresAt, newVersion);
    }

    /** The public view at {@code now}; the entry must be unexpired. */
    public Entry toEntry(Instant now) {
        Duration left = expiresAt == null ? null : Duration.between(now, expiresAt);
        if (version == null && versionSource != null) {
            return Entry.withLazyVersion(value, this::versionOrEmpty, createdAt, expiresAt, left);
        }
        return new Entry(value, versionOrEmpty(), createdAt, expiresAt, left);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredEntry e && value.equals(e.value) && Objects.equals(createdAt, e.createdAt)
                && Objects.equals(expiresAt, e.expiresAt) && Objects.equals(version(), e.version());
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, createdAt, expiresAt);
    }

    @Override
    public String toString() {
        return "StoredEntry[value=" + value + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt
                + ", version=" + (version != null ? version : versionSource != null ? "(lazy " + Arrays.hashCode(versionSource) + ")" : null) + "]";
    }
}
