package dev.reactivekv.memcached;

import java.time.Duration;
import java.time.Instant;

import dev.reactivekv.spi.StoredEntry;

/**
 * The expiry memcached is told (the {@code T} flag), in whole seconds. The envelope's microsecond
 * {@code expires_at}, checked on every read, stays authoritative; the native expiry only has to
 * remove the entry no earlier than that.
 *
 * <ul>
 *   <li>Rounded up, plus one second: memcached's clock ticks once a second, so {@code T1} may expire
 *       at once; a 400 ms entry is sent as {@code T2}. Never 0, which means "never".</li>
 *   <li>Above 30 days memcached reads the number as an absolute unix time, so longer TTLs are sent as
 *       now + TTL by the wall clock.</li>
 *   <li>memcached holds that time in 32 bits: an expiry after 2038-01-19 cannot be expressed (larger
 *       numbers wrap to "expired" or "never"), so such an entry gets no native expiry ({@code T0}) and is
 *       expired by the read-side check alone, and by eviction.</li>
 * </ul>
 */
final class ExpiryTime {

    /** The largest relative expiry memcached accepts: 30 days. */
    static final long MAX_RELATIVE_SECONDS = 30L * 24 * 60 * 60;

    private ExpiryTime() {
    }

    /** The {@code T} token for the entry; 0 for none. {@code nowEpochSecond} is the wall clock, for absolute times. */
    static long of(StoredEntry entry, long nowEpochSecond) {
        Instant expires = entry.expiresAt();
        if (expires == null) {
            return 0;
        }
        Instant from = entry.createdAt() != null ? entry.createdAt() : expires;
        long nanos = Math.max(0, Duration.between(from, expires).toNanos());
        long seconds = (nanos + 999_999_999L) / 1_000_000_000L + 1;
        if (seconds <= MAX_RELATIVE_SECONDS) {
            return seconds;
        }
        long absolute = nowEpochSecond + seconds;
        return absolute <= Integer.MAX_VALUE ? absolute : 0;
    }
}
