package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.transfer.Transfer;
import dev.reactivekv.transfer.TransferEntry;
import dev.reactivekv.transfer.TransferOptions;
import dev.reactivekv.transfer.TransferProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@value #DEFAULT_ENTRIES} entries in batches of {@value #DEFAULT_BATCH} in CI, 100,000 in the default batches of
 * 500 with {@code scripts/copy-100k} ({@code -Drkv.transfer.entries}, {@code -Drkv.transfer.batch}); both give each
 * collection several key pages and batches, so pipelined batches are exercised either way. A tenth of the entries
 * have a TTL. They go round memory → disk → RocksDB → Redis → memory through the
 * transfer engine, each store a source and a target once; every hop must deliver every entry with its value and
 * its remaining TTL. Redis is the test server ({@code RKV_REDIS_PORT}), in collections of this run only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransferAcrossStoresTest {

    // CI time is short: 10,000 entries took 150 s of it at load 40; the full size is the script's job
    static final int DEFAULT_ENTRIES = 2_000;
    static final int DEFAULT_BATCH = 100;
    static final int ENTRIES = Integer.getInteger("rkv.transfer.entries", DEFAULT_ENTRIES);
    static final int BATCH = Integer.getInteger("rkv.transfer.batch", DEFAULT_BATCH);
    static final int COLLECTIONS = 4;
    static final Duration TTL = Duration.ofHours(1);

    @TempDir
    static Path dir;

    static final String RUN = "xfer-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    static KeyValueStore memory;
    static KeyValueStore disk;
    static KeyValueStore rocksdb;
    static KeyValueStore redis;
    static KeyValueStore back;
    static final Map<String, Map<String, Object>> expected = new HashMap<>();

    @BeforeAll
    static void fill() {
        memory = KeyValueStores.open("memory:");
        disk = KeyValueStores.open("disk:" + dir.resolve("disk"));
        rocksdb = KeyValueStores.open("rocksdb:" + dir.resolve("rocksdb"));
        redis = KeyValueStores.open("redis://127.0.0.1:" + redisPort());
        back = KeyValueStores.open("memory:");
        for (int c = 0; c < COLLECTIONS; c++) {
            Map<String, Map<String, Object>> lasting = new LinkedHashMap<>();
            Map<String, Map<String, Object>> expiring = new LinkedHashMap<>();
            for (int i = c; i < ENTRIES; i += COLLECTIONS) {
                Map<String, Object> value = Map.of("i", i, "name", "entry " + i, "tags", java.util.List.of("a", i % 7));
                (i % 10 == 0 ? expiring : lasting).put("k" + i, value);
                expected.put(collection(c) + "/k" + i, value);
            }
            memory.putMany(collection(c), lasting, null).block(Main.TIMEOUT);
            memory.putMany(collection(c), expiring, TTL).block(Main.TIMEOUT);
        }
    }

    @AfterAll
    static void close() {
        for (int c = 0; c < COLLECTIONS; c++) {
            redis.destroyCollection(collection(c)).block(Main.TIMEOUT);
        }
        for (KeyValueStore s : new KeyValueStore[] {memory, disk, rocksdb, redis, back}) {
            s.close();
        }
    }

    @Test
    @Order(1)
    void memoryToDisk() {
        hop(memory, disk);
    }

    @Test
    @Order(2)
    void diskToRocksdb() {
        hop(disk, rocksdb);
    }

    @Test
    @Order(3)
    void rocksdbToRedis() {
        hop(rocksdb, redis);
    }

    @Test
    @Order(4)
    void redisToMemory() {
        hop(redis, back);
    }

    @Test
    @Order(5)
    void aSecondRunSkipsEverything() {
        TransferProgress again = Transfer.copy(rocksdb, redis, options()).blockLast(Main.TIMEOUT.multipliedBy(10));
        assertThat(again).isNotNull();
        assertThat(again.written()).isZero();
        assertThat(again.skipped()).isEqualTo(ENTRIES);
    }

    private static void hop(KeyValueStore from, KeyValueStore to) {
        Map<String, TransferEntry> before = readAll(from);
        long started = System.nanoTime();
        TransferProgress done = Transfer.copy(from, to, options()).blockLast(Main.TIMEOUT.multipliedBy(10));
        long ms = (System.nanoTime() - started) / 1_000_000;
        // scripts/copy-100k reads these lines
        System.out.printf("%s -> %s: %d entries in %d ms (%d entries/s, batch %d)%n", from.getClass().getSimpleName(),
                to.getClass().getSimpleName(), ENTRIES, ms, ENTRIES * 1000L / Math.max(1, ms), BATCH);
        assertThat(done).isNotNull();
        assertThat(done.read()).isEqualTo(ENTRIES);
        assertThat(done.written()).isEqualTo(ENTRIES);

        Map<String, TransferEntry> after = readAll(to);
        assertThat(after.keySet()).isEqualTo(expected.keySet());
        after.forEach((id, e) -> {
            assertThat(e.value()).as(id).isEqualTo(normalised(expected.get(id)));
            Instant was = before.get(id).expiresAt();
            if (Integer.parseInt(e.key().substring(1)) % 10 == 0) {
                // the expiry travels (the remaining TTL), it does not restart; a store reporting only the remaining TTL
                // shifts it by how long the engine took to receive it (2 s seen at load 40 on 2 cores)
                assertThat(was).as(id).isNotNull();
                assertThat(e.expiresAt()).as(id).isNotNull();
                assertThat(Duration.between(was, e.expiresAt()).abs()).as(id).isLessThan(Duration.ofSeconds(10));
            } else {
                assertThat(e.expiresAt()).as(id).isNull();
            }
        });
    }

    private static Map<String, TransferEntry> readAll(KeyValueStore store) {
        Map<String, TransferEntry> all = new HashMap<>();
        Transfer.read(store, options()).doOnNext(e -> all.put(e.collection() + "/" + e.key(), e))
                .blockLast(Main.TIMEOUT.multipliedBy(10));
        return all;
    }

    /** The value as JSON reads it back (numbers as the smallest fitting type). */
    private static Object normalised(Map<String, Object> value) {
        return Main.JSON.convertValue(value, Map.class);
    }

    private static TransferOptions options() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < COLLECTIONS; c++) {
            names.add(collection(c));
        }
        return TransferOptions.defaults().withCollections(names).withBatchSize(BATCH);
    }

    private static String collection(int c) {
        return RUN + c;
    }

    private static int redisPort() {
        String port = System.getenv("RKV_REDIS_PORT");
        return Integer.parseInt(port == null || port.isBlank() ? "16379" : port);
    }
}
