package dev.reactivekv.tck.wrapper;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A real MemoryStore behind a fault injector: the first {@code failures} subscriptions to
 * get/put/putIfAbsent fail with the given error; {@code delay} holds every get back (for timeouts).
 */
final class Flaky extends ForwardingKeyValueStore {

    final AtomicInteger attempts = new AtomicInteger();
    private final int failures;
    private final Supplier<? extends RuntimeException> error;
    private final Duration delay;

    Flaky(KeyValueStore store, int failures, Supplier<? extends RuntimeException> error, Duration delay) {
        super(store);
        this.failures = failures;
        this.error = error;
        this.delay = delay;
    }

    private <T> Mono<T> faulty(Mono<T> call) {
        return Mono.defer(() -> attempts.incrementAndGet() <= failures ? Mono.<T>error(error.get()) : call);
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        Mono<Map<String, Object>> call = faulty(super.get(collection, key));
        return delay.isZero() ? call : Mono.delay(delay).then(call);
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return faulty(super.put(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return faulty(super.putIfAbsent(collection, key, value, ttl));
    }
}
