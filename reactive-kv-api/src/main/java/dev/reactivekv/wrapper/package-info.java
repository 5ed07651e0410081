/**
 * Composable decorators over any {@link dev.reactivekv.KeyValueStore}: py-key-value's wrappers
 * (encryption, compression, default value, limit size, TTL clamp, read-only, prefix collections,
 * prefix keys, single collection, routing, fallback, passthrough cache, retry, timeout,
 * statistics, logging). Create them with {@link dev.reactivekv.wrapper.Wrappers}, compose them with
 * {@link dev.reactivekv.KeyValue}, write your own by extending
 * {@link dev.reactivekv.wrapper.ForwardingKeyValueStore}. Every wrapper keeps the whole store
 * contract; see {@code docs/wrappers.md}.
 */
@NullMarked
package dev.reactivekv.wrapper;

import org.jspecify.annotations.NullMarked;
