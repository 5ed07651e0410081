package dev.reactivekv.postgresql;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.error.SerializationException;
import dev.reactivekv.error.StoreSetupException;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the kit does not cover: URIs, the user's connection factory, jsonb's limits, corrupt dates, long keys in NOTIFY. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresStoreTest {

    private static final PgServer PG = PgServer.shared();
    private static final String TABLE = "rkv_store_test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KeyValueStore store;

    @BeforeAll
    void open() {
        store = KeyValueStores.open(PG.uri("table=" + TABLE + "&poolSize=4&timeout=5s"));
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void bothSchemesOpenTheStoreAndUnknownOptionsAreRefused() {
        try (KeyValueStore s = KeyValueStores.open(PG.uri("table=" + TABLE).replace("postgresql://", "postgres://"))) {
            s.put("uri", "k", Map.of("v", 1), null).block(WAIT);
            assertThat(store.get("uri", "k").block(WAIT)).isEqualTo(Map.of("v", 1));
        }
        assertThatThrownBy(() -> KeyValueStores.open(PG.uri("tabel=x"))).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("tabel");
        assertThatThrownBy(() -> KeyValueStores.open(PG.uri("table=1bad"))).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> PG.builder("rkv_never_created").autoCreate(false).build())
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("does not exist");
    }

    @Test
    void theUsersConnectionFactoryIsUsedAndNotClosed() {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(PG.factory()).maxSize(2).build());
        try {
            KeyValueStore mine = PostgresStore.builder().connectionFactory(pool).table(TABLE).build();
            assertThat(mine.capabilities()).contains(Capability.WATCH); // found the PostgreSQL factory inside the pool
            mine.put("mine", "k", Map.of("v", 1), null).block(WAIT);
            mine.close();
            assertThat(pool.isDisposed()).isFalse();
            Long one = Mono.usingWhen(pool.create(),
                    c -> Mono.from(c.createStatement("SELECT 1").execute()).flatMap(r -> Mono.from(r.map(row -> row.get(0, Long.class)))),
                    Connection::close).block(WAIT);
            assertThat(one).isEqualTo(1L);
        } finally {
            pool.dispose();
        }
    }

    @Test
    void whatJsonbCannotHoldIsRefusedBeforeAnyIo() {
        StepVerifier.create(store.put("jsonb", "k", Map.of("v", "nul\u0000"), null))
                .expectError(SerializationException.class).verify(WAIT);
        StepVerifier.create(store.put("jsonb", "k", Map.of("v", "lone \ud800"), null))
                .expectError(SerializationException.class).verify(WAIT);
        StepVerifier.create(store.put("jsonb", "nul\u0000key", Map.of("v", 1), null))
                .expectError(InvalidKeyException.class).verify(WAIT);
        StepVerifier.create(store.exists("jsonb", "k")).expectNext(false).verifyComplete();
    }

    @Test
    void floatsThatJsonbWouldTurnIntoIntegersStayFloats() {
        Map<String, Object> v = Map.of("big", 1e16, "huge", 1.5e300, "tiny", 5e-324, "neg", -2.5e-5, "int", 10_000_000_000_000_000L);
        store.put("floats", "k", v, null).block(WAIT);
        assertThat(store.get("floats", "k").block(WAIT)).isEqualTo(v);
        assertThat(PgJson.plainFloat(1e16)).isEqualTo("10000000000000000.0");
    }

    @Test
    void corruptRowsFailReadsWithDeserializationException() {
        PG.update("INSERT INTO " + TABLE + " (collection, key, value, created_at) VALUES ('corrupt', 'string', '\"text\"'::jsonb, now())"
                + " ON CONFLICT DO NOTHING", s -> s);
        PG.update("INSERT INTO " + TABLE + " (collection, key, value, created_at, expires_at)"
                + " VALUES ('corrupt', 'dates', '{\"a\": 1}'::jsonb, '-infinity', 'infinity') ON CONFLICT DO NOTHING", s -> s);
        for (String key : List.of("string", "dates")) {
            StepVerifier.create(store.get("corrupt", key)).expectError(DeserializationException.class).verify(WAIT);
            StepVerifier.create(store.getMany("corrupt", List.of(key))).expectError(DeserializationException.class).verify(WAIT);
        }
        assertThat(store.keys("corrupt").collectList().block(WAIT)).contains("string");
        assertThat(store.deleteMany("corrupt", List.of("string", "dates")).block(WAIT)).isEqualTo(2L);
    }

    @Test
    void prefixBoundsAndCursorsAreExact() {
        assertThat(PostgresKeyValueStore.successor("user:")).isEqualTo("user;");
        assertThat(PostgresKeyValueStore.successor("a\uffff")).isEqualTo("a\ud800\udc00");
        assertThat(PostgresKeyValueStore.successor("\ud7ff")).isEqualTo("\ue000");
        assertThat(PostgresKeyValueStore.successor(new String(Character.toChars(Character.MAX_CODE_POINT)))).isNull();
        String key = "k\u00e9y \ud83c\udf0d";
        assertThat(KeyCursor.decode(KeyCursor.encode(key))).isEqualTo(key);
        assertThatThrownBy(() -> KeyCursor.decode("pg1.!!")).isInstanceOf(dev.reactivekv.error.InvalidCursorException.class);
        assertThatThrownBy(() -> KeyCursor.decode("pg1." + java.util.Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xff})))
                .isInstanceOf(dev.reactivekv.error.InvalidCursorException.class);
    }

    /** NOTIFY payloads stop at 8000 bytes: a key too long for one is announced as a RESYNC of its collection. */
    @Test
    void aKeyTooLongForANotificationIsAnnouncedAsResync() {
        String longKey = "\u4e16".repeat(3000); // 9000 bytes of UTF-8
        StepVerifier.create(store.watch("long"))
                .expectNextMatches(e -> e.type() == KeyEvent.Type.RESYNC)
                .then(() -> store.put("long", longKey, Map.of("v", 1), null).block(WAIT))
                .expectNext(KeyEvent.resync("long"))
                .then(() -> store.put("long", "short", Map.of("v", 1), null).block(WAIT))
                .expectNext(KeyEvent.put("long", "short"))
                .thenCancel()
                .verify(WAIT);
        assertThat(store.get("long", longKey).block(WAIT)).isEqualTo(Map.of("v", 1));
    }
}
