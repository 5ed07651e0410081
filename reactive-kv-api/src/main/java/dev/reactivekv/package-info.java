/**
 * The reactive key-value contract: {@link dev.reactivekv.KeyValueStore} and the types it emits.
 *
 * <p>Every operation returns a cold {@code Mono} or {@code Flux}: nothing happens until
 * subscription, nothing is thrown from the call itself, and every failure is an {@code onError}
 * carrying a {@link dev.reactivekv.error.KeyValueException}.
 */
@NullMarked
package dev.reactivekv;

import org.jspecify.annotations.NullMarked;
