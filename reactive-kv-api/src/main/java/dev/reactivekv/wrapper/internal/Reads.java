package dev.reactivekv.wrapper.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.reactivekv.internal.Answers;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * One step applied to a read's outcome, in one object, for wrappers and adapters whose own work on a read is a
 * function of the value (decode, default, refuse a miss).
 *
 * <p>Why not {@code mapNotNull}/{@code defaultIfEmpty}: over a store that answers during subscription (its
 * {@code Mono} is a {@link Callable}, as the memory store's reads are), Reactor's operators cost a subscriber
 * chain per call, and {@code block()} a latch, which is most of a wrapper's cost there. When the source is such a
 * {@code Callable}, the result here is one too: it evaluates the source and the step on the subscribing thread
 * (a stacked layer or Reactor's own {@code flatMap} reads it directly), and {@code block()} answers without
 * subscribing, as the source's own {@code block()} does. Any other source gets Reactor's operators, unchanged.
 * The signals are the same either way: the step's value, completion when it returns {@code null}, and what the
 * source or the step throws as {@code onError}.
 */
public final class Reads {

    private Reads() {
    }

    /** {@code source.mapNotNull(step)}: a value becomes {@code step(value)}, empty when that is {@code null}. */
    public static <T, R> Mono<R> map(Mono<T> source, Function<? super T, ? extends @Nullable R> step) {
        if (source instanceof Callable<?>) {
            return new Step<T, R>(source, step, null);
        }
        return source.mapNotNull(step);
    }

    /**
     * {@code source.switchIfEmpty(Mono.fromSupplier(instead))}: an empty read becomes {@code instead.get()}, which
     * may throw to fail the read.
     */
    public static <T> Mono<T> orElseGet(Mono<T> source, Supplier<? extends @Nullable T> instead) {
        if (source instanceof Callable<?>) {
            return new Step<T, T>(source, null, instead);
        }
        return source.switchIfEmpty(Mono.fromSupplier(instead));
    }

    /**
     * {@code Mono.defer(call)} whose {@code block()} blocks on the deferred call itself (no latch of its own, so a
     * call that answers during its subscription is answered without one). What {@code call} throws is signalled.
     */
    public static <T> Mono<T> defer(Supplier<? extends Mono<? extends T>> call) {
        return new Deferred<>(call);
    }

    /** Whether {@code mono} answers during its subscription ({@link Callable}, the convention Reactor's operators rely on). */
    public static boolean answersNow(Mono<?> mono) {
        return mono instanceof Callable<?>;
    }

    /**
     * What a {@link #answersNow} mono answers: its value, or {@code null} when it completes empty; throws what it
     * would signal.
     */
    @SuppressWarnings("unchecked")
    public static <T> @Nullable T now(Mono<T> answersNow) throws Exception {
        return ((Callable<T>) answersNow).call();
    }

    private static final class Deferred<T> extends Mono<T> {
        private final Supplier<? extends Mono<? extends T>> call;

        Deferred(Supplier<? extends Mono<? extends T>> call) {
            this.call = call;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            Mono<? extends T> m;
            try {
                m = java.util.Objects.requireNonNull(call.get(), "The deferred call returned a null Mono");
            } catch (Throwable e) {
                Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            m.subscribe(actual);
        }

        @Override
        public @Nullable T block() {
            return call.get().block();
        }

        @Override
        public @Nullable T block(Duration timeout) {
            return call.get().block(timeout);
        }
    }

    /**
     * A step over a {@code Callable} source: {@code map} of a value (empty stays empty), or else {@code orElse} for an
     * empty source (a value passes, then {@code T} is {@code R}). The caller's function is held as it is, not
     * wrapped in a lambda of its own: one object per read.
     */
    private static final class Step<T, R> extends Mono<R> implements Callable<R> {
        private final Mono<T> source;
        private final @Nullable Function<? super T, ? extends @Nullable R> map;
        private final @Nullable Supplier<? extends @Nullable R> orElse;

        Step(Mono<T> source, @Nullable Function<? super T, ? extends @Nullable R> map,
             @Nullable Supplier<? extends @Nullable R> orElse) {
            this.source = source;
            this.map = map;
            this.orElse = orElse;
        }

        @Override
        @SuppressWarnings("unchecked")
        public @Nullable R call() throws Exception {
            T v = now(source);
            if (map != null) {
                return v == null ? null : map.apply(v);
            }
            return v == null ? orElse.get() : (R) v;
        }

        @Override
        public void subscribe(CoreSubscriber<? super R> actual) {
            Answers.emitCall(actual, this);
        }

        /** The source answers during its subscription: nothing to wait for. */
        @Override
        public @Nullable R block() {
            try {
                return call();
            } catch (Throwable e) {
                throw Exceptions.propagate(e);
            }
        }

        @Override
        public @Nullable R block(Duration timeout) {
            return block();
        }
    }
}
