/**
 * Not API: what wrappers share between themselves. May change in any release.
 */
@NullMarked
package dev.reactivekv.wrapper.internal;

import org.jspecify.annotations.NullMarked;
