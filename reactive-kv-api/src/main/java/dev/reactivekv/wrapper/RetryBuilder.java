package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * Configures the retry wrapper: {@code Retry.backoff(maxRetries, initialDelay).maxBackoff(maxDelay).jitter(jitter)}.
 * Defaults follow py-key-value (3 retries, 100 ms doubling up to 10 s) plus Reactor's 50% jitter,
 * on {@link StoreUnavailableException} (except {@code StoreClosedException}) and {@link StoreTimeoutException}.
 */
public final class RetryBuilder implements Wrapper {

    private long maxRetries = 3;
    private Duration initialDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(10);
    private double jitter = 0.5;
    private final List<Class<? extends Throwable>> on = new ArrayList<>();
    private @Nullable Scheduler scheduler;

    RetryBuilder() {
    }

    public RetryBuilder maxRetries(long retries) {
        this.maxRetries = retries;
        return this;
    }

    public RetryBuilder initialDelay(Duration delay) {
        this.initialDelay = delay;
        return this;
    }

    public RetryBuilder maxDelay(Duration delay) {
        this.maxDelay = delay;
        return this;
    }

    /** Randomness of each delay, 0 to 1 (Reactor's jitter factor). */
    public RetryBuilder jitter(double factor) {
        this.jitter = factor;
        return this;
    }

    /** Retries on these error types (and subtypes) instead of the defaults. */
    @SafeVarargs
    public final RetryBuilder on(Class<? extends Throwable>... errors) {
        on.addAll(List.of(errors));
        return this;
    }

    /** The scheduler the delays run on (default: Reactor's parallel scheduler). */
    public RetryBuilder scheduler(Scheduler delays) {
        this.scheduler = delays;
        return this;
    }

    public Wrapper build() {
        List<Class<? extends Throwable>> types = on.isEmpty()
                ? List.of(StoreUnavailableException.class, StoreTimeoutException.class) : List.copyOf(on);
        // a closed store never comes back: StoreClosedException is not retried unless chosen explicitly
        boolean defaults = on.isEmpty();
        RetryBackoffSpec spec = Retry.backoff(maxRetries, initialDelay).maxBackoff(maxDelay).jitter(jitter)
                .filter(e -> types.stream().anyMatch(t -> t.isInstance(e))
                        && !(defaults && e instanceof dev.reactivekv.error.StoreClosedException));
        if (scheduler != null) {
            spec = spec.scheduler(scheduler);
        }
        RetryBackoffSpec s = spec;
        return inner -> new RetryWrapper(inner, s);
    }

    @Override
    public KeyValueStore wrap(KeyValueStore inner) {
        return build().wrap(inner);
    }
}
