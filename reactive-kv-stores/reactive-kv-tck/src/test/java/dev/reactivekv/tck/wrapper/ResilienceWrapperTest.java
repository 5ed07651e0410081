package dev.reactivekv.tck.wrapper;

import java.time.Duration;
import java.util.Map;

import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreClosedException;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.wrapper.Wrappers;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** Retry, timeout and fallback, on virtual time where delays are involved. */
class ResilienceWrapperTest {

    private static final Map<String, Object> V = Map.of("test", "v");

    private static KeyValueStore memoryWith(String key) {
        KeyValueStore m = MemoryStore.create();
        m.put("c", key, V, null).block();
        return m;
    }

    @Test
    void retryBacksOffExponentiallyThenSucceeds() {
        Flaky flaky = new Flaky(memoryWith("k"), 3, () -> new StoreUnavailableException("down"), Duration.ZERO);
        StepVerifier.withVirtualTime(() -> KeyValue.of(flaky)
                        .with(Wrappers.retry().maxRetries(3).initialDelay(Duration.ofMillis(100)).jitter(0))
                        .build().get("c", "k"))
                .expectSubscription()
                .then(() -> assertThat(flaky.attempts).hasValue(1))
                .thenAwait(Duration.ofMillis(99))
                .then(() -> assertThat(flaky.attempts).hasValue(1))
                .thenAwait(Duration.ofMillis(1))
                .then(() -> assertThat(flaky.attempts).hasValue(2))
                .thenAwait(Duration.ofMillis(200)) // 100 ms doubled
                .then(() -> assertThat(flaky.attempts).hasValue(3))
                .thenAwait(Duration.ofMillis(400))
                .expectNext(V)
                .verifyComplete();
        assertThat(flaky.attempts).hasValue(4);
    }

    @Test
    void retryGivesUpWithTheLastErrorAsItWas() {
        Flaky flaky = new Flaky(memoryWith("k"), 100, () -> new StoreUnavailableException("down"), Duration.ZERO);
        StepVerifier.withVirtualTime(() -> KeyValue.of(flaky).with(Wrappers.retry().maxRetries(2)).build().get("c", "k"))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(30))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreUnavailableException.class).hasMessage("down"))
                .verify();
        assertThat(flaky.attempts).hasValue(3);
    }

    @Test
    void retryIgnoresOtherErrorsAndConditionalWrites() {
        Flaky badInput = new Flaky(memoryWith("k"), 1, () -> new InvalidKeyException("bad"), Duration.ZERO);
        StepVerifier.withVirtualTime(() -> KeyValue.of(badInput).with(Wrappers.retry()).build().get("c", "k"))
                .expectError(InvalidKeyException.class).verify();
        assertThat(badInput.attempts).hasValue(1);

        Flaky conditional = new Flaky(memoryWith("k"), 1, () -> new StoreUnavailableException("down"), Duration.ZERO);
        StepVerifier.withVirtualTime(() -> KeyValue.of(conditional).with(Wrappers.retry()).build()
                        .putIfAbsent("c", "n", V, null))
                .expectError(StoreUnavailableException.class).verify();
        assertThat(conditional.attempts).hasValue(1);
    }

    @Test
    void retryOnChosenErrors() {
        Flaky flaky = new Flaky(memoryWith("k"), 1, () -> new StoreClosedException("closed"), Duration.ZERO);
        StepVerifier.withVirtualTime(() -> KeyValue.of(flaky).with(Wrappers.retry().on(StoreClosedException.class)).build()
                        .put("c", "k2", V, null))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .verifyComplete();
        assertThat(flaky.attempts).hasValue(2);
    }

    @Test
    void timeoutFailsWithStoreTimeoutException() {
        Flaky slow = new Flaky(memoryWith("k"), 0, () -> new IllegalStateException(), Duration.ofSeconds(10));
        StepVerifier.withVirtualTime(() -> KeyValue.of(slow).with(Wrappers.timeout(Duration.ofSeconds(5))).build().get("c", "k"))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(4999))
                .thenAwait(Duration.ofMillis(1))
                .expectError(StoreTimeoutException.class)
                .verify();
        StepVerifier.withVirtualTime(() -> KeyValue.of(slow).with(Wrappers.timeout(Duration.ofSeconds(11))).build().get("c", "k"))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(10))
                .expectNext(V)
                .verifyComplete();
    }

    @Test
    void retryAroundTimeoutRetriesTimedOutCalls() {
        Flaky slow = new Flaky(memoryWith("k"), 0, () -> new IllegalStateException(), Duration.ofSeconds(10));
        StepVerifier.withVirtualTime(() -> KeyValue.of(slow)
                        .with(Wrappers.timeout(Duration.ofSeconds(1)))
                        .with(Wrappers.retry().maxRetries(2).jitter(0))
                        .build().get("c", "k"))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(10))
                .expectError(StoreTimeoutException.class)
                .verify();
    }

    @Test
    void fallbackAnswersReadsOnChosenErrors() {
        KeyValueStore dead = MemoryStore.create();
        dead.close();
        KeyValueStore backup = memoryWith("k");
        KeyValueStore store = KeyValue.of(dead).with(Wrappers.fallback(backup).on(StoreClosedException.class)).build();
        StepVerifier.create(store.get("c", "k")).expectNext(V).verifyComplete();
        StepVerifier.create(store.keys("c")).expectNext("k").verifyComplete();
        StepVerifier.create(store.getMany("c", java.util.List.of("k", "x")).map(l -> l.isHit())).expectNext(true, false).verifyComplete();
        // writes stay on the primary unless asked
        StepVerifier.create(store.put("c", "w", V, null)).expectError(StoreClosedException.class).verify();
        KeyValueStore writing = KeyValue.of(dead).with(Wrappers.fallback(backup).on(StoreClosedException.class).writes(true)).build();
        StepVerifier.create(writing.put("c", "w", V, null)).verifyComplete();
        StepVerifier.create(backup.get("c", "w")).expectNext(V).verifyComplete();
        // errors not chosen are not hidden: bad input is not looked up elsewhere
        KeyValueStore defaults = KeyValue.of(memoryWith("k")).with(Wrappers.fallback(backup)).build();
        StepVerifier.create(defaults.get("c", "")).expectError(InvalidKeyException.class).verify();
        // by default an unavailable primary (closed is a kind of unavailable) falls back
        StepVerifier.create(KeyValue.of(dead).with(Wrappers.fallback(backup)).build().get("c", "k")).expectNext(V).verifyComplete();
    }
}
