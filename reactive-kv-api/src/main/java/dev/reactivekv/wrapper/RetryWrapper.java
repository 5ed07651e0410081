package dev.reactivekv.wrapper;

import dev.reactivekv.wrapper.internal.Operation;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import dev.reactivekv.KeyValueStore;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.RetryBackoffSpec;

/**
 * Retries failed calls with Reactor's exponential backoff and jitter, on the chosen errors only;
 * when the attempts are exhausted the last error is signalled as it was. Delays run on the
 * spec's scheduler (Reactor's parallel scheduler unless configured), never blocking.
 *
 * <p>Not retried: {@code putIfAbsent} and {@code compareAndSet} (a retry after an applied write
 * would report {@code false} for the caller's own write) and {@code watch}. Streams are retried
 * only while they have emitted nothing, so no key is emitted twice. {@code delete} may report
 * {@code false} when an earlier attempt's delete landed before its error.
 */
final class RetryWrapper extends InterceptingStore {

    private final RetryBackoffSpec spec;

    RetryWrapper(KeyValueStore delegate, RetryBackoffSpec spec) {
        super(delegate);
        this.spec = spec.onRetryExhaustedThrow((s, signal) -> signal.failure());
    }

    @Override
    <T> Mono<T> mono(Operation op, @Nullable String collection, @Nullable Object key, Mono<T> call) {
        if (op == Operation.PUT_IF_ABSENT || op == Operation.COMPARE_AND_SET) {
            return call;
        }
        return new Retrying<>(call);
    }

    /**
     * The call with retries. Reactor's retry machinery (a companion sink per subscription) is built only
     * once the call has failed; a blocking caller of a call that answers during its subscription
     * ({@code Callable}) gets the answer without subscribing.
     */
    private final class Retrying<T> extends Mono<T> {
        private final Mono<T> call;

        Retrying(Mono<T> call) {
            this.call = call;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            call.onErrorResume(first -> retried(call, first)).subscribe(actual);
        }

        @Override
        @SuppressWarnings("unchecked")
        public @Nullable T block() {
            if (!(call instanceof Callable<?> answersNow)) {
                return super.block();
            }
            try {
                return (T) answersNow.call();
            } catch (Throwable first) {
                return retried(call, first).block();
            }
        }
    }

    /** Replays {@code first} as the first attempt's outcome, then resubscribes {@code call} as the spec decides. */
    private <T> Mono<T> retried(Mono<T> call, Throwable first) {
        boolean[] replayed = {false};
        return Mono.defer(() -> {
            if (replayed[0]) {
                return call;
            }
            replayed[0] = true;
            return Mono.<T>error(first);
        }).retryWhen(spec);
    }

    @Override
    <T> Flux<T> flux(Operation op, @Nullable String collection, @Nullable Object key, Flux<T> call) {
        return Flux.defer(() -> {
            AtomicBoolean emitted = new AtomicBoolean();
            Predicate<Throwable> nothingYet = e -> !emitted.get();
            return call.doOnNext(x -> emitted.set(true)).retryWhen(spec.filter(nothingYet.and(spec.errorFilter)));
        });
    }
}
