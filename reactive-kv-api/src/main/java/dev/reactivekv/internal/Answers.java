package dev.reactivekv.internal;

import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * Hands a value that is known at subscription to a subscriber, as Reactor's {@code Mono.just} and
 * {@code Mono.empty} do, without an operator chain: the shared tail of the reads that answer at once
 * (the in-memory store's lookups, the wrappers' one-step reads).
 */
public final class Answers {

    private Answers() {
    }

    /** {@code value} then completion, or completion alone for {@code null}. */
    public static <T> void emit(CoreSubscriber<? super T> actual, @Nullable T value) {
        if (value == null) {
            Operators.complete(actual);
        } else {
            actual.onSubscribe(Operators.scalarSubscription(actual, value));
        }
    }

    /** Calls {@code read} on the subscribing thread and emits its answer; what it throws is signalled as {@code onError}. */
    public static <T> void emitCall(CoreSubscriber<? super T> actual, Callable<? extends @Nullable T> read) {
        T value;
        try {
            value = read.call();
        } catch (Throwable e) {
            Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
            return;
        }
        emit(actual, value);
    }
}
