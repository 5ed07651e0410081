/** The persistent embedded store on Chronicle Map; entry point {@link dev.reactivekv.disk.DiskStore}. */
@NullMarked
package dev.reactivekv.disk;

import org.jspecify.annotations.NullMarked;
