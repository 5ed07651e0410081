/**
 * The RocksDB store: py-key-value's {@code collection::key} layout with the JSON envelope, on
 * {@code rocksdbjni}. Entry point: {@link dev.reactivekv.rocksdb.RocksDbStore}.
 */
@NullMarked
package dev.reactivekv.rocksdb;

import org.jspecify.annotations.NullMarked;
