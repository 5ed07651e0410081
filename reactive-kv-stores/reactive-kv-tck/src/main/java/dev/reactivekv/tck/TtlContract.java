package dev.reactivekv.tck;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.reactivekv.Entry;
import dev.reactivekv.Lookup;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Expiry: exact by the store's clock, never returned once expired, cleared by a put without TTL. Mandatory. */
public interface TtlContract extends StoreContract {

    @Test
    default void ttlReportsTheRemainingTime() {
        store().put(collection(), "test", value("test"), Duration.ofSeconds(100)).block(patience());
        Entry e = store().ttl(collection(), "test").block(patience());
        assertThat(e.value()).isEqualTo(value("test"));
        assertThat(e.ttl().toMillis()).isCloseTo(100_000L, within(2_000L));
        assertThat(Duration.between(e.createdAt(), e.expiresAt())).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    default void expiredEntriesAreNeverReturned() {
        store().put(collection(), "test", value("test"), Duration.ofSeconds(10)).block(patience());
        clock().advance(Duration.ofSeconds(9));
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("test")).verifyComplete();
        clock().advance(Duration.ofSeconds(2));
        StepVerifier.create(store().get(collection(), "test")).verifyComplete();
        StepVerifier.create(store().ttl(collection(), "test")).verifyComplete();
        StepVerifier.create(store().exists(collection(), "test")).expectNext(false).verifyComplete();
        assertThat(store().getMany(collection(), List.of("test")).collectList().block(patience()))
                .extracting(Lookup::isHit).containsExactly(false);
    }

    @Test
    default void anEntryExpiresAtExactlyItsExpiry() {
        store().put(collection(), "test", value("test"), Duration.ofHours(1)).block(patience());
        Entry e = store().ttl(collection(), "test").block(patience());
        // the expiry instant itself counts as expired, as in py-key-value
        Duration toExpiry = Duration.between(clock().instant(), e.expiresAt());
        clock().advance(toExpiry.plusMillis(1));
        StepVerifier.create(store().get(collection(), "test")).verifyComplete();
    }

    @Test
    default void entriesReallyExpireInRealTime() {
        store().put(collection(), "test", value("test"), Duration.ofMillis(300)).block(patience());
        Polling.until("entry with 300 ms TTL expires", patience(),
                () -> store().get(collection(), "test").block(patience()) == null);
    }

    @Test
    default void subSecondTtlIsKeptToTheMillisecond() {
        store().put(collection(), "test", value("test"), Duration.ofMillis(1500)).block(patience());
        Entry e = store().ttl(collection(), "test").block(patience());
        assertThat(e).as("a 1.5 s entry must not expire at once").isNotNull();
        assertThat(e.ttl()).isLessThanOrEqualTo(Duration.ofMillis(1500)).isGreaterThan(Duration.ofMillis(1000));
        assertThat(Duration.between(e.createdAt(), e.expiresAt())).isEqualTo(Duration.ofMillis(1500));
        store().put(collection(), "short", value("short"), Duration.ofMillis(400)).block(patience());
        assertThat(store().get(collection(), "short").block(patience())).as("400 ms TTL must not become 0").isNotNull();
    }

    @Test
    default void putWithoutTtlClearsAnEarlierExpiry() {
        store().put(collection(), "test", value("first"), Duration.ofSeconds(10)).block(patience());
        store().put(collection(), "test", value("second"), null).block(patience());
        clock().advance(Duration.ofSeconds(20));
        Entry e = store().ttl(collection(), "test").block(patience());
        assertThat(e).isNotNull();
        assertThat(e.value()).isEqualTo(value("second"));
        assertThat(e.expiresAt()).isNull();
        assertThat(e.ttl()).isNull();
    }

    @Test
    default void putWithTtlReplacesAnEarlierOne() {
        store().put(collection(), "test", value("first"), Duration.ofSeconds(10)).block(patience());
        store().put(collection(), "test", value("second"), Duration.ofSeconds(1000)).block(patience());
        clock().advance(Duration.ofSeconds(20));
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("second")).verifyComplete();
    }

    @Test
    default void expiryIsStoredToTheMicrosecond() {
        Duration ttl = Duration.ofSeconds(7).plus(123_456, ChronoUnit.MICROS);
        store().put(collection(), "test", value("test"), ttl).block(patience());
        Entry e = store().ttl(collection(), "test").block(patience());
        assertThat(Duration.between(e.createdAt(), e.expiresAt())).isEqualTo(ttl);
    }

    @Test
    default void expiredEntryCanBeWrittenAgain() {
        store().put(collection(), "test", value("old"), Duration.ofSeconds(1)).block(patience());
        clock().advance(Duration.ofSeconds(5));
        store().put(collection(), "test", value("new"), null).block(patience());
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("new")).verifyComplete();
    }
}
