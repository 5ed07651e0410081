package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * {@code source.timeout(limit)} that arms its timer only if the source is still running when its
 * {@code subscribe} returns. A source that answered during subscription (an in-memory store, a
 * cache hit) costs no timer task; any other is timed from that moment, cancelled and failed with
 * {@code onTimeout}'s error when the limit passes first. The first of value, completion, error,
 * timeout or cancel wins; later signals are dropped. The timer runs on {@code scheduler}, or on
 * {@link Schedulers#parallel()} looked up at subscription (so a virtual-time test replaces it).
 */
final class LazyTimeoutMono<T> extends Mono<T> {

    private final Mono<T> source;
    private final Duration limit;
    private final @Nullable Scheduler scheduler;
    private final Supplier<? extends Throwable> onTimeout;

    LazyTimeoutMono(Mono<T> source, Duration limit, @Nullable Scheduler scheduler, Supplier<? extends Throwable> onTimeout) {
        this.source = source;
        this.limit = limit;
        this.scheduler = scheduler;
        this.onTimeout = onTimeout;
    }

    /** A blocking caller of a source that answers during its subscription ({@code Callable}) needs no timer at all. */
    @Override
    @SuppressWarnings("unchecked")
    public @Nullable T block() {
        if (!(source instanceof Callable<?> answersNow)) {
            return super.block();
        }
        try {
            return (T) answersNow.call();
        } catch (Throwable e) {
            throw Exceptions.propagate(e);
        }
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        TimeoutSubscriber<T> s = new TimeoutSubscriber<>(actual, onTimeout);
        source.subscribe(s);
        if (s.done == 0) {
            s.arm(scheduler == null ? Schedulers.parallel() : scheduler, limit);
        }
    }

    static final class TimeoutSubscriber<T> implements CoreSubscriber<T>, Subscription, Runnable {
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<TimeoutSubscriber> DONE =
                AtomicIntegerFieldUpdater.newUpdater(TimeoutSubscriber.class, "done");
        @SuppressWarnings("rawtypes")
        private static final AtomicReferenceFieldUpdater<TimeoutSubscriber, Subscription> UPSTREAM =
                AtomicReferenceFieldUpdater.newUpdater(TimeoutSubscriber.class, Subscription.class, "upstream");

        private final CoreSubscriber<? super T> actual;
        private final Supplier<? extends Throwable> onTimeout;
        private volatile @Nullable Subscription upstream;
        volatile int done;
        private volatile @Nullable Disposable timer;

        TimeoutSubscriber(CoreSubscriber<? super T> actual, Supplier<? extends Throwable> onTimeout) {
            this.actual = actual;
            this.onTimeout = onTimeout;
        }

        void arm(Scheduler scheduler, Duration limit) {
            Disposable t = scheduler.schedule(this, limit.toNanos(), TimeUnit.NANOSECONDS);
            timer = t;
            if (done != 0) { // finished while the timer was being armed
                t.dispose();
            }
        }

        private boolean finish() {
            if (DONE.compareAndSet(this, 0, 1)) {
                Disposable t = timer;
                if (t != null) {
                    t.dispose();
                }
                return true;
            }
            return false;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (UPSTREAM.compareAndSet(this, null, s)) {
                actual.onSubscribe(this);
            } else { // the timer fired before the source called onSubscribe (or a second onSubscribe)
                s.cancel();
                if (upstream == Operators.cancelledSubscription()) {
                    Operators.error(actual, onTimeout.get());
                }
            }
        }

        @Override
        public void onNext(T t) {
            if (finish()) {
                actual.onNext(t);
                actual.onComplete();
            } else {
                Operators.onNextDropped(t, actual.currentContext());
            }
        }

        @Override
        public void onError(Throwable e) {
            if (finish()) {
                actual.onError(e);
            } else {
                Operators.onErrorDropped(e, actual.currentContext());
            }
        }

        @Override
        public void onComplete() {
            if (finish()) {
                actual.onComplete();
            }
        }

        /** The timer. */
        @Override
        public void run() {
            if (finish() && !UPSTREAM.compareAndSet(this, null, Operators.cancelledSubscription())) {
                upstream.cancel();
                actual.onError(onTimeout.get());
            }
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            finish();
            upstream.cancel();
        }
    }
}
