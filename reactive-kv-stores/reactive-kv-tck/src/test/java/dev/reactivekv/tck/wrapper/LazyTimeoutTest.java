package dev.reactivekv.tck.wrapper;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.wrapper.Wrappers;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeout wrapper arms no timer for a call that answered during its subscription, and still
 * times out, cancels and disarms as before for calls that did not.
 */
class LazyTimeoutTest {

    private static final Map<String, Object> V = Map.of("test", "v");

    /** A virtual-time scheduler that counts the timers armed on it and how many are still pending. */
    private static final class CountingScheduler implements Scheduler {
        final VirtualTimeScheduler time = VirtualTimeScheduler.create();
        final AtomicInteger armed = new AtomicInteger();
        final AtomicInteger disposed = new AtomicInteger();

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            armed.incrementAndGet();
            Disposable d = time.schedule(task, delay, unit);
            return () -> {
                disposed.incrementAndGet();
                d.dispose();
            };
        }

        @Override
        public Disposable schedule(Runnable task) {
            return time.schedule(task);
        }

        @Override
        public Worker createWorker() {
            return time.createWorker();
        }
    }

    private static KeyValueStore memoryWith(String key) {
        KeyValueStore m = MemoryStore.create();
        m.put("c", key, V, null).block();
        return m;
    }

    @Test
    void aCallThatAnswersDuringSubscriptionArmsNoTimer() {
        CountingScheduler timers = new CountingScheduler();
        KeyValueStore store = KeyValue.of(memoryWith("k")).with(Wrappers.timeout(Duration.ofSeconds(1), timers)).build();
        StepVerifier.create(store.get("c", "k")).expectNext(V).verifyComplete();
        StepVerifier.create(store.get("c", "missing")).verifyComplete();
        StepVerifier.create(store.get("c", "")).expectError(dev.reactivekv.error.InvalidKeyException.class).verify();
        assertThat(timers.armed).hasValue(0);
    }

    @Test
    void aSlowCallIsTimedOutCancelledAndItsLateValueDropped() {
        CountingScheduler timers = new CountingScheduler();
        Flaky slow = new Flaky(memoryWith("k"), 0, IllegalStateException::new, Duration.ofSeconds(10));
        StepVerifier.withVirtualTime(() -> KeyValue.of(slow).with(Wrappers.timeout(Duration.ofSeconds(5), timers)).build()
                        .get("c", "k"), () -> timers.time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(4999))
                .thenAwait(Duration.ofMillis(1))
                .expectError(StoreTimeoutException.class)
                .verifyThenAssertThat()
                .hasNotDroppedElements();
        assertThat(timers.armed).hasValue(1);
    }

    @Test
    void aSlowCallThatAnswersInTimeDisarmsItsTimer() {
        CountingScheduler timers = new CountingScheduler();
        Flaky slow = new Flaky(memoryWith("k"), 0, IllegalStateException::new, Duration.ofSeconds(2));
        StepVerifier.withVirtualTime(() -> KeyValue.of(slow).with(Wrappers.timeout(Duration.ofSeconds(5), timers)).build()
                        .get("c", "k"), () -> timers.time, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .expectNext(V)
                .verifyComplete();
        assertThat(timers.armed).hasValue(1);
        assertThat(timers.disposed).hasValue(1);
        // nothing fires later
        timers.time.advanceTimeBy(Duration.ofSeconds(10));
    }

    @Test
    void cancellingDisarmsTheTimer() {
        CountingScheduler timers = new CountingScheduler();
        Flaky slow = new Flaky(memoryWith("k"), 0, IllegalStateException::new, Duration.ofSeconds(10));
        KeyValueStore store = KeyValue.of(slow).with(Wrappers.timeout(Duration.ofSeconds(5), timers)).build();
        StepVerifier.withVirtualTime(() -> store.get("c", "k"), () -> timers.time, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .thenCancel()
                .verify();
        assertThat(timers.disposed).hasValue(1);
    }

    @Test
    void statisticsCountsOnceAndBeforeTheCallerSeesTheValue() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        KeyValueStore store = KeyValue.of(memoryWith("k")).with(Wrappers.statistics(registry)).build();
        StepVerifier.create(store.get("c", "k"))
                .assertNext(v -> assertThat(registry.counter("reactivekv.hits", "collection", "c", "operation", "get").count())
                        .isEqualTo(1.0))
                .verifyComplete();
        StepVerifier.create(store.get("c", "nope")).verifyComplete();
        assertThat(registry.counter("reactivekv.misses", "collection", "c", "operation", "get").count()).isEqualTo(1.0);
        assertThat(registry.timer("reactivekv.latency", "collection", "c", "operation", "get", "outcome", "success").count())
                .isEqualTo(2);
    }
}
