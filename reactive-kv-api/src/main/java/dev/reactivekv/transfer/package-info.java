/**
 * Moving every entry of one store into another, or to and from JSON Lines files: {@link
 * dev.reactivekv.transfer.Transfer} streams entries with backpressure, keeps each entry's expiry (the
 * remaining TTL), and skips keys the target already holds so an interrupted run can simply be repeated;
 * {@link dev.reactivekv.transfer.JsonLines} is the file format of {@code reactive-kv export} and
 * {@code import}. See {@code docs/copy.md}.
 */
@NullMarked
package dev.reactivekv.transfer;

import org.jspecify.annotations.NullMarked;
