/** The in-memory store: the library's default and the reference implementation of the contract. */
@NullMarked
package dev.reactivekv.memory;

import org.jspecify.annotations.NullMarked;
