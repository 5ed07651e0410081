package dev.reactivekv.rocksdb;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import org.junit.jupiter.api.Test;
import dev.reactivekv.error.StoreSetupException;
import org.rocksdb.AbstractComparator;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ComparatorOptions;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * py-key-value's RocksDB layout: key {@code collection::key} and the JSON envelope (literals from
 * py-key-value §1.3) in the default column family, as plain UTF-8, which is what rocksdict reads
 * and writes in raw mode ({@code Rdict(path, Options(raw_mode=True))}).
 *
 * <p>py-key-value's own {@code RocksDBStore} opens rocksdict in its default mode, which adds a type
 * byte to keys ({@code 0x02}) and values ({@code 0x01}) and installs a comparator named
 * {@code rocksdict}: RocksDB refuses to open such a database with any other comparator, so the last
 * test pins down that this store fails clearly on one instead of reading garbage.
 */
class PyKeyValueInteropTest {

    /** py-key-value §1.3: key and collection included, value_format="string", no TTL. */
    private static final String STRING_VALUE_ENVELOPE = "{\"collection\": \"c\", \"created_at\": \"2025-01-01T12:30:45.123456+00:00\", "
            + "\"key\": \"k\", \"value\": \"{\\\"a\\\": 1.5, \\\"b\\\": 1}\", \"version\": 1}";

    /** py-key-value §1.3: the rich value, created 2025-01-01T00:00:00Z with ttl 10.5, here with key and collection. */
    private static final String TTL_ENVELOPE = "{\"collection\": \"c\", \"created_at\": \"2025-01-01T00:00:00+00:00\", "
            + "\"expires_at\": \"2025-01-01T00:00:10.500000+00:00\", \"key\": \"rich\", \"value\": {\"big\": 1180591620717411303424, "
            + "\"emoji\": \"\\ud83d\\ude00\", \"list\": [1, [2, \"x\"], null, true], \"n\": 1.0, \"name\": \"Zo\\u00eb \\u2603\"}, \"version\": 1}";

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    /** A database as rocksdict leaves it: only the default column family. */
    private static void writeRaw(Path dir, Map<String, String> entries) throws RocksDBException {
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, dir.toString())) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                db.put(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] readRaw(Path dir, String key) throws RocksDBException {
        // a read-only open may name a subset of the column families: only the default one, as Python would
        List<ColumnFamilyHandle> handles = new java.util.ArrayList<>();
        try (RocksDB db = RocksDB.openReadOnly(dir.toString(),
                List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY)), handles)) {
            try {
                return db.get(key.getBytes(StandardCharsets.UTF_8));
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }

    @Test
    void readsWhatPythonWrote() throws Exception {
        Path dir = TestDirs.fresh("interop-read");
        writeRaw(dir, Map.of("c::k", STRING_VALUE_ENVELOPE, "c::rich", TTL_ENVELOPE));
        try (KeyValueStore store = RocksDbStore.builder().path(dir).clock(at("2025-01-01T00:00:05Z")).build()) {
            StepVerifier.create(store.get("c", "k")).expectNext(Map.of("a", 1.5, "b", 1)).verifyComplete();
            Entry rich = store.ttl("c", "rich").block();
            assertThat(rich).isNotNull();
            assertThat(rich.value()).containsEntry("big", new BigInteger("1180591620717411303424"))
                    .containsEntry("emoji", "😀").containsEntry("n", 1.0).containsEntry("name", "Zoë ☃")
                    .containsEntry("list", Arrays.asList(1, Arrays.asList(2, "x"), null, true));
            assertThat(rich.expiresAt()).isEqualTo(Instant.parse("2025-01-01T00:00:10.5Z"));
            assertThat(rich.ttl()).isEqualTo(Duration.ofMillis(5500));
            assertThat(store.keys("c").collectList().block()).containsExactly("k", "rich");
            assertThat(store.collections().collectList().block()).containsExactly("c");
        }
        // the same Python data read after its expiry: never returned
        try (KeyValueStore store = RocksDbStore.builder().path(dir).clock(at("2025-01-01T00:00:11Z")).build()) {
            StepVerifier.create(store.get("c", "rich")).verifyComplete();
            StepVerifier.create(store.get("c", "k")).expectNextCount(1).verifyComplete();
        }
    }

    @Test
    void writesWhatPythonReads() throws Exception {
        Path dir = TestDirs.fresh("interop-write");
        try (KeyValueStore store = RocksDbStore.builder().path(dir).clock(at("2025-01-01T12:30:45.123456Z")).build()) {
            store.put("c", "k", Map.of("b", 1, "a", 1.5), null).block();
            store.put("c", "rich", Map.of("name", "Zoë ☃", "n", 1.0, "big", new BigInteger("1180591620717411303424"),
                    "list", Arrays.asList(1, Arrays.asList(2, "x"), null, true), "emoji", "😀"), Duration.ofMillis(10_500)).block();
        }
        assertThat(new String(readRaw(dir, "c::k"), StandardCharsets.UTF_8)).isEqualTo("{\"collection\": \"c\", "
                + "\"created_at\": \"2025-01-01T12:30:45.123456+00:00\", \"key\": \"k\", \"value\": {\"a\": 1.5, \"b\": 1}, \"version\": 1}");
        assertThat(new String(readRaw(dir, "c::rich"), StandardCharsets.UTF_8)).isEqualTo(TTL_ENVELOPE
                .replace("2025-01-01T00:00:00+00:00", "2025-01-01T12:30:45.123456+00:00")
                .replace("2025-01-01T00:00:10.500000+00:00", "2025-01-01T12:30:55.623456+00:00"));
    }

    @Test
    void aDatabaseInRocksdictDefaultModeIsRefusedWithAClearError() throws Exception {
        Path dir = TestDirs.fresh("rocksdict-default");
        // what rocksdict's Options() sets up: a comparator named "rocksdict" (bytewise except for int keys)
        try (ComparatorOptions co = new ComparatorOptions();
             AbstractComparator rocksdict = new AbstractComparator(co) {
                 @Override
                 public String name() {
                     return "rocksdict";
                 }

                 @Override
                 public int compare(java.nio.ByteBuffer a, java.nio.ByteBuffer b) {
                     return a.compareTo(b); // ByteBuffer order is signed; enough for this one-key database
                 }
             };
             Options options = new Options().setCreateIfMissing(true).setComparator(rocksdict);
             RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put(("\u0002c::k").getBytes(StandardCharsets.UTF_8), ("\u0001" + STRING_VALUE_ENVELOPE).getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> RocksDbStore.builder().path(dir).build())
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("rocksdict");
    }
}
