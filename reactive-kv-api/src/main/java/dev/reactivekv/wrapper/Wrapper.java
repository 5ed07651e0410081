package dev.reactivekv.wrapper;

import dev.reactivekv.KeyValueStore;

/**
 * One layer of a wrapper chain: builds a store that decorates {@code inner}. Factories live in
 * {@link Wrappers}; chains are composed with {@link dev.reactivekv.KeyValue}. A wrapper may be
 * applied to several stores; each application yields an independent decorator.
 */
@FunctionalInterface
public interface Wrapper {

    /** Decorates {@code inner}; closing the result closes {@code inner}. */
    KeyValueStore wrap(KeyValueStore inner);
}
