package dev.reactivekv.bench;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.postgresql.PostgresStore;

/**
 * The PostgreSQL server the benchmarks use: {@code RKV_PG_PORT} (default 15432, the test server of
 * {@code scripts/servers}), database {@code RKV_PG_DATABASE} (default {@code reactivekv}), user
 * {@code postgres}. The store (its defaults: pool, watch trigger) and the raw baseline (one
 * r2dbc-postgresql connection of its own) use the same {@code kv_store} table, so both pay the same
 * row trigger and indexes.
 */
final class PostgresFixture implements AutoCloseable {

    static final String TABLE = "kv_store";
    private static final String SELECT = "SELECT value::text, created_at, expires_at FROM " + TABLE
            + " WHERE collection = $1 AND key = $2";
    private static final String SELECT_MANY = "SELECT key, value::text, created_at, expires_at FROM " + TABLE
            + " WHERE collection = $1 AND key = ANY($2)";
    private static final String UPSERT = "INSERT INTO " + TABLE + " (collection, key, value, ttl, created_at, expires_at)"
            + " VALUES ($1, $2, $3::jsonb, $4, $5, $6) ON CONFLICT (collection, key) DO UPDATE SET value = EXCLUDED.value,"
            + " ttl = EXCLUDED.ttl, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at";

    final KeyValueStore store;
    final PostgresqlConnection raw;

    PostgresFixture() {
        int port = Integer.parseInt(env("RKV_PG_PORT", "15432"));
        String db = env("RKV_PG_DATABASE", "reactivekv");
        store = PostgresStore.builder().host("127.0.0.1").port(port).database(db).user("postgres").table(TABLE).build();
        raw = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(port).database(db).username("postgres").build()).create().block();
    }

    /** The stored JSON text of one row, or null. */
    String get(String collection, String key) {
        return raw.createStatement(SELECT).bind("$1", collection).bind("$2", key).execute()
                .concatMap(r -> r.map((row, md) -> row.get(0, String.class))).next().block();
    }

    /** key → JSON text rows of a multi-key select. */
    List<String> getMany(String collection, String[] keys) {
        return raw.createStatement(SELECT_MANY).bind("$1", collection).bind("$2", keys).execute()
                .concatMap(r -> r.map((row, md) -> row.get(1, String.class))).collectList().block();
    }

    /** The store's upsert: no TTL, created_at now. Returns rows updated. */
    Long put(String collection, String key, String json) {
        return raw.createStatement(UPSERT).bind("$1", collection).bind("$2", key).bind("$3", json)
                .bindNull("$4", Double.class).bind("$5", OffsetDateTime.now(ZoneOffset.UTC)).bindNull("$6", OffsetDateTime.class)
                .execute().concatMap(r -> Mono.from(r.getRowsUpdated())).reduce(0L, Long::sum).block();
    }

    void delete(String collection) {
        raw.createStatement("DELETE FROM " + TABLE + " WHERE collection = $1").bind("$1", collection).execute()
                .concatMap(r -> Flux.from(r.getRowsUpdated())).then().block();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void close() {
        store.close();
        raw.close().block();
    }
}
