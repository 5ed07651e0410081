package dev.reactivekv;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * An unexpired stored entry as read at one moment.
 *
 * @param value     the immutable JSON object
 * @param version   an opaque token that changes whenever the entry is written; the argument of
 *                  {@link KeyValueStore#compareAndSet}
 * @param createdAt when the entry was written, if the store knows
 * @param expiresAt when it expires, or {@code null} for never
 * @param ttl       the time left at the moment of the read, or {@code null} for never
 */
public record Entry(Map<String, Object> value, String version, @Nullable Instant createdAt,
                    @Nullable Instant expiresAt, @Nullable Duration ttl) {

    public Entry {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(version, "version");
    }

    /** The remaining time to live, empty when the entry never expires. */
    public Optional<Duration> remaining() {
        return Optional.ofNullable(ttl);
    }
}
