package dev.reactivekv.spring;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.reactivekv.KeyValueStore;
import org.springframework.boot.actuate.health.AbstractReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import reactor.core.publisher.Mono;

/**
 * UP when the store answers one cheap round trip within the timeout: {@code exists} of a key in the
 * collection {@value #PROBE_COLLECTION} (nothing is written; through the application's wrappers, so a
 * prefix, the retry and the meters apply to it too). DOWN, with the error, when the call fails or does
 * not answer in time; the check never takes longer than the timeout. Non-blocking: the result is
 * emitted on the store's thread, or on Reactor's parallel scheduler when the timeout fires.
 */
public class ReactiveKvHealthIndicator extends AbstractReactiveHealthIndicator {

    /** The collection the probe reads from. */
    public static final String PROBE_COLLECTION = "reactivekv-health";

    private final KeyValueStore store;
    private final Duration timeout;

    public ReactiveKvHealthIndicator(KeyValueStore store, Duration timeout) {
        super("reactive-kv health check failed");
        this.store = store;
        this.timeout = timeout;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return store.exists(PROBE_COLLECTION, "probe")
                .timeout(timeout, Mono.error(() -> new TimeoutException("the store did not answer within " + timeout)))
                .then(Mono.fromSupplier(() -> builder.up().build()));
    }
}
