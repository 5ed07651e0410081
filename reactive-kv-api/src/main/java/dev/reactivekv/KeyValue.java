package dev.reactivekv;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.reactivekv.wrapper.Wrapper;

/**
 * The fluent entry point for composing wrappers around a store:
 * <pre>{@code
 * KeyValueStore store = KeyValue.of(MemoryStore.create())
 *         .with(Wrappers.prefixKeys("app"))
 *         .with(Wrappers.retry().build())
 *         .build();
 * }</pre>
 * Each {@link #with} wraps everything before it: the last wrapper is the outermost and sees a
 * call first. Closing the built store closes every layer and the base store.
 */
public final class KeyValue {

    private final KeyValueStore base;
    private final List<Wrapper> layers;

    private KeyValue(KeyValueStore base, List<Wrapper> layers) {
        this.base = base;
        this.layers = layers;
    }

    /** Starts a chain over {@code store}. */
    public static KeyValue of(KeyValueStore store) {
        return new KeyValue(Objects.requireNonNull(store, "store"), List.of());
    }

    /** A new chain with {@code wrapper} added outermost; this chain is unchanged. */
    public KeyValue with(Wrapper wrapper) {
        List<Wrapper> next = new ArrayList<>(layers);
        next.add(Objects.requireNonNull(wrapper, "wrapper"));
        return new KeyValue(base, List.copyOf(next));
    }

    /** Applies the wrappers, innermost first, and returns the outermost store. */
    public KeyValueStore build() {
        KeyValueStore store = base;
        for (Wrapper w : layers) {
            store = Objects.requireNonNull(w.wrap(store), "a wrapper returned null");
        }
        return store;
    }
}
