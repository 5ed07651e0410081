/**
 * For store authors: {@link dev.reactivekv.spi.AbstractKeyValueStore} does validation, expiry,
 * bulk assembly, paging, closing and error mapping once; a backend implements a few primitives.
 */
@NullMarked
package dev.reactivekv.spi;

import org.jspecify.annotations.NullMarked;
