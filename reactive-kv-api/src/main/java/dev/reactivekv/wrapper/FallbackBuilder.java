package dev.reactivekv.wrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;

/**
 * Configures the fallback wrapper. By default reads fall back on {@link StoreUnavailableException}
 * and {@link StoreTimeoutException} (not on every error as py-key-value does: a bad key should fail,
 * not be looked up elsewhere), and writes never fall back.
 */
public final class FallbackBuilder implements Wrapper {

    private final KeyValueStore fallback;
    private final List<Class<? extends Throwable>> on = new ArrayList<>();
    private boolean writes;

    FallbackBuilder(KeyValueStore fallback) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** Falls back on these error types (and subtypes) instead of the defaults. */
    @SafeVarargs
    public final FallbackBuilder on(Class<? extends Throwable>... errors) {
        on.addAll(List.of(errors));
        return this;
    }

    /** Writes and deletes fall back too (default {@code false}). */
    public FallbackBuilder writes(boolean fallBack) {
        this.writes = fallBack;
        return this;
    }

    public Wrapper build() {
        List<Class<? extends Throwable>> types = on.isEmpty()
                ? List.of(StoreUnavailableException.class, StoreTimeoutException.class) : List.copyOf(on);
        Predicate<Throwable> test = e -> types.stream().anyMatch(t -> t.isInstance(e));
        boolean w = writes;
        return inner -> new FallbackWrapper(inner, fallback, test, w);
    }

    @Override
    public KeyValueStore wrap(KeyValueStore inner) {
        return build().wrap(inner);
    }
}
