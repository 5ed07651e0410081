/**
 * The stored format shared with py-key-value: its JSON dialect and its entry envelope.
 * See {@code docs/wire-format.md}.
 */
@NullMarked
package dev.reactivekv.codec;

import org.jspecify.annotations.NullMarked;
