package dev.reactivekv.tck;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Entry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Stores with {@link dev.reactivekv.Capability#CONDITIONAL_WRITES}: putIfAbsent and compare-and-set, atomic under contention. */
public interface ConditionalContract extends StoreContract {

    default int contenders() {
        return 16;
    }

    @Test
    default void putIfAbsentWritesOnlyOnce() {
        StepVerifier.create(store().putIfAbsent(collection(), "k", value("first"), null)).expectNext(true).verifyComplete();
        StepVerifier.create(store().putIfAbsent(collection(), "k", value("second"), null)).expectNext(false).verifyComplete();
        StepVerifier.create(store().get(collection(), "k")).expectNext(value("first")).verifyComplete();
    }

    @Test
    default void putIfAbsentTreatsAnExpiredEntryAsAbsent() {
        store().put(collection(), "k", value("old"), Duration.ofSeconds(5)).block(patience());
        clock().advance(Duration.ofSeconds(6));
        StepVerifier.create(store().putIfAbsent(collection(), "k", value("new"), null)).expectNext(true).verifyComplete();
        StepVerifier.create(store().get(collection(), "k")).expectNext(value("new")).verifyComplete();
    }

    @Test
    default void compareAndSetReplacesOnlyTheVersionRead() {
        store().put(collection(), "k", value("v1"), null).block(patience());
        Entry v1 = store().ttl(collection(), "k").block(patience());
        StepVerifier.create(store().compareAndSet(collection(), "k", v1.version(), value("v2"), null))
                .expectNext(true).verifyComplete();
        Entry v2 = store().ttl(collection(), "k").block(patience());
        assertThat(v2.value()).isEqualTo(value("v2"));
        assertThat(v2.version()).isNotEqualTo(v1.version());
        StepVerifier.create(store().compareAndSet(collection(), "k", v1.version(), value("stale"), null))
                .expectNext(false).verifyComplete();
        StepVerifier.create(store().get(collection(), "k")).expectNext(value("v2")).verifyComplete();
    }

    @Test
    default void compareAndSetNeverMatchesAnAbsentOrExpiredEntry() {
        StepVerifier.create(store().compareAndSet(collection(), "none", "1", value("x"), null))
                .expectNext(false).verifyComplete();
        StepVerifier.create(store().get(collection(), "none")).verifyComplete();
        store().put(collection(), "k", value("old"), Duration.ofSeconds(5)).block(patience());
        String version = store().ttl(collection(), "k").block(patience()).version();
        clock().advance(Duration.ofSeconds(6));
        StepVerifier.create(store().compareAndSet(collection(), "k", version, value("new"), null))
                .expectNext(false).verifyComplete();
    }

    @Test
    default void compareAndSetCanSetATtl() {
        store().put(collection(), "k", value("v1"), null).block(patience());
        String version = store().ttl(collection(), "k").block(patience()).version();
        store().compareAndSet(collection(), "k", version, value("v2"), Duration.ofSeconds(30)).block(patience());
        assertThat(store().ttl(collection(), "k").block(patience()).ttl()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    default void exactlyOneConcurrentCompareAndSetWinsPerVersion() {
        store().put(collection(), "k", value("start"), null).block(patience());
        for (int round = 0; round < 5; round++) {
            Entry current = store().ttl(collection(), "k").block(patience());
            int r = round;
            List<Integer> winners = Flux.range(0, contenders())
                    .flatMap(i -> store().compareAndSet(collection(), "k", current.version(), Map.of("round", r, "writer", i), null)
                            .subscribeOn(Schedulers.parallel())
                            .filter(Boolean::booleanValue)
                            .map(won -> i))
                    .collectList().block(patience());
            assertThat(winners).as("winners of round " + round).hasSize(1);
            assertThat(store().get(collection(), "k").block(patience())).isEqualTo(Map.of("round", r, "writer", winners.get(0)));
        }
    }

    @Test
    default void exactlyOneConcurrentPutIfAbsentWins() {
        List<Integer> winners = Flux.range(0, contenders())
                .flatMap(i -> store().putIfAbsent(collection(), "k", Map.of("writer", i), null)
                        .subscribeOn(Schedulers.parallel())
                        .filter(Boolean::booleanValue)
                        .map(won -> i))
                .collectList().block(patience());
        assertThat(winners).hasSize(1);
        assertThat(store().get(collection(), "k").block(patience())).isEqualTo(Map.of("writer", winners.get(0)));
    }
}
