package dev.reactivekv.wrapper;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A call observed by a {@link Listener} in one operator (what {@code defer} + {@code doOnSuccess} +
 * {@code doOnError} + {@code doFinally} did in four): per subscription the listener hears
 * {@link Listener#started()}, then exactly one of succeeded (with the value, or null when the call
 * completed empty), failed or cancelled, with the {@link System#nanoTime()} of the start (a listener
 * that wants the duration reads the clock once more; one that logs nothing on success need not). The outcome is
 * reported before it is passed downstream, on the thread that delivers it. A listener that throws
 * on success turns the call into that error.
 */
final class ObservedMono<T> extends Mono<T> {

    /** What an observer hears of one subscription. A listener may serve many calls at once. */
    interface Listener<T> {
        /** Before the call is subscribed. */
        default void started() {
        }

        /** @param start {@link System#nanoTime()} when the call started */
        void succeeded(@Nullable T value, long start);

        void failed(Throwable error, long start);

        void cancelled(long start);
    }

    private final Mono<T> source;
    private final Listener<? super T> listener;

    ObservedMono(Mono<T> source, Listener<? super T> listener) {
        this.source = source;
        this.listener = listener;
    }

    /**
     * A blocking caller of a source that answers during its subscription (an in-memory store's read,
     * a {@code Callable}) is served without subscribing, and heard the same way.
     */
    @Override
    @SuppressWarnings("unchecked")
    public @Nullable T block() {
        if (!(source instanceof Callable<?> answersNow)) {
            return super.block();
        }
        listener.started();
        long start = System.nanoTime();
        T value;
        try {
            value = (T) answersNow.call();
        } catch (Throwable e) {
            listener.failed(e, start);
            throw Exceptions.propagate(e);
        }
        listener.succeeded(value, start);
        return value;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        try {
            listener.started();
        } catch (Throwable e) {
            Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
            return;
        }
        source.subscribe(new ObservingSubscriber<>(actual, listener, System.nanoTime()));
    }

    static final class ObservingSubscriber<T> implements CoreSubscriber<T>, Subscription {
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<ObservingSubscriber> DONE =
                AtomicIntegerFieldUpdater.newUpdater(ObservingSubscriber.class, "done");

        private final CoreSubscriber<? super T> actual;
        private final Listener<? super T> listener;
        private final long start;
        private @Nullable Subscription upstream;
        private volatile int done;
        /** The listener threw on success and the error went downstream: later signals are dropped. */
        private boolean failedByListener;

        ObservingSubscriber(CoreSubscriber<? super T> actual, Listener<? super T> listener, long start) {
            this.actual = actual;
            this.listener = listener;
            this.start = start;
        }

        private boolean first() {
            return done == 0 && DONE.compareAndSet(this, 0, 1);
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(T t) {
            if (failedByListener) {
                Operators.onNextDropped(t, actual.currentContext());
                return;
            }
            if (first() && !succeeded(t)) {
                return;
            }
            actual.onNext(t);
        }

        @Override
        public void onComplete() {
            if (failedByListener) {
                return;
            }
            if (first() && !succeeded(null)) {
                return;
            }
            actual.onComplete();
        }

        private boolean succeeded(@Nullable T t) {
            try {
                listener.succeeded(t, start);
                return true;
            } catch (Throwable e) {
                failedByListener = true;
                upstream.cancel();
                actual.onError(Operators.onOperatorError(e, actual.currentContext()));
                return false;
            }
        }

        @Override
        public void onError(Throwable e) {
            if (failedByListener) {
                Operators.onErrorDropped(e, actual.currentContext());
                return;
            }
            if (first()) {
                try {
                    listener.failed(e, start);
                } catch (Throwable suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            actual.onError(e);
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            if (first()) {
                listener.cancelled(start);
            }
            upstream.cancel();
        }
    }
}
