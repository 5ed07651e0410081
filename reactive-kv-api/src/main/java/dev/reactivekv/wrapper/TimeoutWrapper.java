package dev.reactivekv.wrapper;

import dev.reactivekv.wrapper.internal.Operation;
import java.time.Duration;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Fails a call with {@link StoreTimeoutException} when it has not completed within the limit,
 * cancelling it (a write may or may not have been applied). Bulk reads ({@code getMany},
 * {@code ttlMany}) are timed as a whole. Demand-driven streams ({@code keys}, {@code collections})
 * and {@code watch} are not timed: their pace is the subscriber's, and a time limit would punish a
 * slow consumer; bound them with {@code keyPage} or your own operators.
 *
 * <p>The timer is armed only when the call is still running after its subscription returns
 * ({@link LazyTimeoutMono}): a store that answers during subscription, like the memory store, is
 * never timed, which keeps this wrapper's cost on such a store to a few nanoseconds.
 */
final class TimeoutWrapper extends InterceptingStore {

    private final Duration timeout;
    private final @Nullable Scheduler scheduler;

    TimeoutWrapper(KeyValueStore delegate, Duration timeout, @Nullable Scheduler scheduler) {
        super(delegate);
        this.timeout = timeout;
        this.scheduler = scheduler;
    }

    private StoreTimeoutException timedOut(Operation op, @Nullable String collection) {
        return new StoreTimeoutException(op.tag() + " on collection '" + collection + "' did not complete within " + timeout);
    }

    @Override
    <T> Mono<T> mono(Operation op, @Nullable String collection, @Nullable Object key, Mono<T> call) {
        return new LazyTimeoutMono<>(call, timeout, scheduler, () -> timedOut(op, collection));
    }

    @Override
    <T> Flux<T> flux(Operation op, @Nullable String collection, @Nullable Object key, Flux<T> call) {
        if (op != Operation.GET_MANY && op != Operation.TTL_MANY) {
            return call;
        }
        return mono(op, collection, key, call.collectList()).flatMapIterable(l -> l);
    }
}
