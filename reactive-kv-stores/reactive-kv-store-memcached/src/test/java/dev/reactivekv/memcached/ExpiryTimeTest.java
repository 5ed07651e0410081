package dev.reactivekv.memcached;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.reactivekv.spi.StoredEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryTimeTest {

    private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00.250Z");
    private static final long NOW = CREATED.getEpochSecond();

    private static long exptime(Duration ttl) {
        return ExpiryTime.of(new StoredEntry(Map.of(), CREATED, CREATED.plus(ttl), null), NOW);
    }

    @Test
    void noExpiryIsZero() {
        assertThat(ExpiryTime.of(new StoredEntry(Map.of(), CREATED, null, null), NOW)).isZero();
    }

    @Test
    void secondsAreRoundedUpPlusOneAndNeverZero() {
        assertThat(exptime(Duration.ofNanos(1))).isEqualTo(2);
        assertThat(exptime(Duration.ofMillis(400))).isEqualTo(2);
        assertThat(exptime(Duration.ofSeconds(1))).isEqualTo(2);
        assertThat(exptime(Duration.ofMillis(1001))).isEqualTo(3);
        assertThat(exptime(Duration.ofSeconds(100))).isEqualTo(101);
    }

    @Test
    void thirtyDaysIsTheLastRelativeExpiry() {
        assertThat(exptime(Duration.ofDays(30).minusSeconds(1))).isEqualTo(ExpiryTime.MAX_RELATIVE_SECONDS);
        assertThat(exptime(Duration.ofDays(30))).isEqualTo(NOW + ExpiryTime.MAX_RELATIVE_SECONDS + 1);
        assertThat(exptime(Duration.ofDays(400))).isEqualTo(NOW + Duration.ofDays(400).getSeconds() + 1);
    }

    @Test
    void absoluteTimesPast2038AreNotSent() {
        long last = Integer.MAX_VALUE - NOW - 1; // seconds of TTL whose absolute time is exactly 2^31 - 1
        assertThat(exptime(Duration.ofSeconds(last))).isEqualTo(Integer.MAX_VALUE);
        assertThat(exptime(Duration.ofSeconds(last + 1))).isZero();
        assertThat(exptime(Duration.ofDays(36_500))).isZero();
    }
}
