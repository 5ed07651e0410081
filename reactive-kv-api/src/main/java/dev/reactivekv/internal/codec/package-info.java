/**
 * Not API: the py-key-value JSON writer and reader behind {@link dev.reactivekv.spi.EntryCodec}. May change in any release.
 */
@NullMarked
package dev.reactivekv.internal.codec;

import org.jspecify.annotations.NullMarked;
