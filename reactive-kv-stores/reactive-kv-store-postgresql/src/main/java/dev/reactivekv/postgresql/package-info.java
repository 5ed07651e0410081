/** The PostgreSQL store on R2DBC, sharing py-key-value's {@code kv_store} table; start at {@link dev.reactivekv.postgresql.PostgresStore}. */
@NullMarked
package dev.reactivekv.postgresql;

import org.jspecify.annotations.NullMarked;
