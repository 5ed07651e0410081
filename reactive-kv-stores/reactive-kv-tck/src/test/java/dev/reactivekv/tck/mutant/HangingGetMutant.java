package dev.reactivekv.tck.mutant;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * A get whose reply never comes (a lost response). The kit must fail it within its time limits:
 * here the test's {@code @Timeout} (2 s) comes before the StepVerifier default (4 × 1 s patience),
 * so the timeout path with its thread dump is the one taken.
 */
@Timeout(value = 2, unit = TimeUnit.SECONDS)
class HangingGetMutant extends MemoryMutant implements BasicContract {

    @Override
    public Duration patience() {
        return Duration.ofSeconds(1);
    }

    @Override
    protected KeyValueStore mutate(KeyValueStore memory) {
        return new ForwardingKeyValueStore(memory) {
            @Override
            public Mono<Map<String, Object>> get(String collection, String key) {
                return Mono.never();
            }
        };
    }

    /** The same lost reply under a generous {@code @Timeout}: the StepVerifier default (4 s) fails it first. */
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    static class UnderALongTimeout extends HangingGetMutant {
    }
}
