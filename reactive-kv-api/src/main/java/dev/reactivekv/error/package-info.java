/**
 * The one hierarchy of typed failures every operation signals through {@code onError}; all extend {@link dev.reactivekv.error.KeyValueException}.
 */
@NullMarked
package dev.reactivekv.error;

import org.jspecify.annotations.NullMarked;
