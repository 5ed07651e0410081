/**
 * Views of a store with a different surface: {@link dev.reactivekv.adapter.TypedAdapter} (Java
 * types via Jackson, one type per collection) and {@link dev.reactivekv.adapter.RaiseOnMissingAdapter}
 * (misses as {@link dev.reactivekv.error.MissingKeyException}).
 */
@NullMarked
package dev.reactivekv.adapter;

import org.jspecify.annotations.NullMarked;
