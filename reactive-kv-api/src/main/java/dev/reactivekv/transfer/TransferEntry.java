package dev.reactivekv.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One entry in flight between stores or files: where it lives, its value and when it expires.
 * The expiry is absolute, so an entry read now and written later keeps only the time it has left.
 *
 * @param collection the collection
 * @param key        the key
 * @param value      the JSON object
 * @param expiresAt  when it expires, or {@code null} for never
 */
public record TransferEntry(String collection, String key, Map<String, Object> value, @Nullable Instant expiresAt) {

    /** Below this an entry is treated as expired: no store can be handed a shorter TTL reliably. */
    static final Duration SHORTEST_TTL = Duration.ofMillis(1);

    public TransferEntry {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /**
     * The time left at {@code now}: {@code null} when the entry never expires, {@link Duration#ZERO} when it
     * has (or has less than a millisecond left).
     */
    public @Nullable Duration remainingAt(Instant now) {
        if (expiresAt == null) {
            return null;
        }
        Duration left = Duration.between(now, expiresAt);
        return left.compareTo(SHORTEST_TTL) < 0 ? Duration.ZERO : left;
    }
}
