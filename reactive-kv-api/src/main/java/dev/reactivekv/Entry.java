package dev.reactivekv;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * An unexpired stored entry as read at one moment. Immutable; equal when every component is equal.
 *
 * <p>(A class rather than a record so that a store can hand out an entry whose version is worked out only
 * when {@link #version()} is first called: for stores that derive the version from the stored bytes, a
 * caller who never asks for it never pays for the digest.)
 */
public final class Entry {

    private final Map<String, Object> value;
    private @Nullable String version;
    private final @Nullable Supplier<String> versionSource;
    private final @Nullable Instant createdAt;
    private final @Nullable Instant expiresAt;
    private final @Nullable Duration ttl;

    /**
     * @param value     the immutable JSON object
     * @param version   an opaque token that changes whenever the entry is written; the argument of
     *                  {@link KeyValueStore#compareAndSet}
     * @param createdAt when the entry was written, if the store knows
     * @param expiresAt when it expires, or {@code null} for never
     * @param ttl       the time left at the moment of the read, or {@code null} for never
     */
    public Entry(Map<String, Object> value, String version, @Nullable Instant createdAt, @Nullable Instant expiresAt,
                 @Nullable Duration ttl) {
        this(value, Objects.requireNonNull(version, "version"), null, createdAt, expiresAt, ttl);
    }

    private Entry(Map<String, Object> value, @Nullable String version, @Nullable Supplier<String> versionSource,
                  @Nullable Instant createdAt, @Nullable Instant expiresAt, @Nullable Duration ttl) {
        this.value = Objects.requireNonNull(value, "value");
        this.version = version;
        this.versionSource = versionSource;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.ttl = ttl;
    }

    /**
     * An entry whose version is {@code version.get()}, called at most once per thread that first asks (it must
     * be a pure function: every call returns the same non-null token). For stores.
     */
    public static Entry withLazyVersion(Map<String, Object> value, Supplier<String> version, @Nullable Instant createdAt,
                                        @Nullable Instant expiresAt, @Nullable Duration ttl) {
        return new Entry(value, null, Objects.requireNonNull(version, "version"), createdAt, expiresAt, ttl);
    }

    /** The immutable JSON object. */
    public Map<String, Object> value() {
        return value;
    }

    /** An opaque token that changes whenever the entry is written; the argument of {@link KeyValueStore#compareAndSet}. */
    public String version() {
        String v = version;
        if (v == null) {
            v = Objects.requireNonNull(Objects.requireNonNull(versionSource).get(), "version");
            version = v; // a benign race: every thread computes the same string
        }
        return v;
    }

    /** When the entry was written, if the store knows. */
    public @Nullable Instant createdAt() {
        return createdAt;
    }

    /** When it expires, or {@code null} for never. */
    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    /** The time left at the moment of the read, or {@code null} for never. */
    public @Nullable Duration ttl() {
        return ttl;
    }

    /** The remaining time to live, empty when the entry never expires. */
    public Optional<Duration> remaining() {
        return Optional.ofNullable(ttl);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && value.equals(e.value) && version().equals(e.version())
                && Objects.equals(createdAt, e.createdAt) && Objects.equals(expiresAt, e.expiresAt)
                && Objects.equals(ttl, e.ttl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, version(), createdAt, expiresAt, ttl);
    }

    @Override
    public String toString() {
        return "Entry[value=" + value + ", version=" + version() + ", createdAt=" + createdAt + ", expiresAt="
                + expiresAt + ", ttl=" + ttl + "]";
    }
}
