package dev.reactivekv.rocksdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.tck.Polling;
import dev.reactivekv.tck.TestClock;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to the RocksDB store beyond the conformance kit. */
class RocksDbStoreTest {

    private static Map<String, Object> value(String v) {
        return Map.of("test", v);
    }

    @Test
    void collectionsThatWouldMakeTheCompoundKeyAmbiguousAreRefused() {
        try (KeyValueStore store = RocksDbStore.builder().path(TestDirs.fresh("names")).build()) {
            // "a:" + "::" + "b" and "a" + "::" + ":b" are the same bytes
            StepVerifier.create(store.put("a:", "b", value("x"), null)).expectError(InvalidCollectionException.class).verify();
            StepVerifier.create(store.put("a::x", "b", value("x"), null)).expectError(InvalidCollectionException.class).verify();
            StepVerifier.create(store.keys("a:")).expectError(InvalidCollectionException.class).verify();
            StepVerifier.create(store.watch("a::x")).expectError(InvalidCollectionException.class).verify();
            store.put("a", ":b", value("key may hold colons"), null).block();
            store.put(":a:b", "k", value("single colons anywhere but the end"), null).block();
            StepVerifier.create(store.get("a", ":b")).expectNext(value("key may hold colons")).verifyComplete();
            assertThat(store.collections().collectList().block()).containsExactlyInAnyOrder("a", ":a:b");
        }
    }

    @Test
    void aDirectoryHasOneOpenHandleAndIsFreeAgainAfterClose() {
        Path dir = TestDirs.fresh("lock");
        KeyValueStore first = RocksDbStore.builder().path(dir).build();
        first.put("c", "k", value("v"), null).block();
        assertThatThrownBy(() -> RocksDbStore.builder().path(dir).build())
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("one open handle");
        first.close();
        try (KeyValueStore again = RocksDbStore.builder().path(dir).build()) {
            StepVerifier.create(again.get("c", "k")).expectNext(value("v")).verifyComplete();
        }
    }

    @Test
    void createIfMissingFalseRefusesAMissingDatabase() {
        Path dir = TestDirs.fresh("missing").resolve("absent");
        assertThatThrownBy(() -> RocksDbStore.builder().path(dir).createIfMissing(false).build())
                .isInstanceOf(StoreSetupException.class);
    }

    @Test
    void opensFromAUri() {
        Path dir = TestDirs.fresh("uri");
        try (KeyValueStore store = KeyValueStores.open("rocksdb:" + dir + "?syncWrites=true")) {
            store.put("c", "k", value("v"), null).block();
            StepVerifier.create(store.get("c", "k")).expectNext(value("v")).verifyComplete();
        }
        try (KeyValueStore store = KeyValueStores.open("rocksdb://" + dir)) {
            StepVerifier.create(store.get("c", "k")).expectNext(value("v")).verifyComplete();
        }
        assertThatThrownBy(() -> KeyValueStores.open("rocksdb:" + dir + "?colour=blue")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> KeyValueStores.open("rocksdb://host" + dir)).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> KeyValueStores.open("rocksdb:relative/db")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> KeyValueStores.open("rocksdb:" + dir + "?syncWrites=yes")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("syncWrites");
    }

    @Test
    void uriPathsArePercentDecodedAndEverySharedOptionIsAccepted() {
        Path dir = TestDirs.fresh("uri").resolve("with space");
        String uri = "rocksdb:" + dir.toString().replace(" ", "%20")
                + "?createIfMissing=true&threads=2&watchBuffer=8&sweepInterval=250ms";
        try (KeyValueStore store = KeyValueStores.open(uri)) {
            store.put("c", "k", value("v"), null).block();
        }
        assertThat(dir.resolve("CURRENT")).exists();
    }

    @Test
    void collectionsPageAcrossManyCollectionsAndSkipTheirKeys() {
        try (KeyValueStore store = RocksDbStore.builder().path(TestDirs.fresh("collections")).build()) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                String c = String.format("c%03d", i);
                names.add(c);
                Map<String, Map<String, Object>> batch = new java.util.LinkedHashMap<>();
                for (int k = 0; k < 20; k++) {
                    batch.put("k" + k, value("v"));
                }
                store.putMany(c, batch, null).block();
            }
            // more than one page of collection names (100 per page), each listed once, in order
            assertThat(store.collections().collectList().block()).containsExactlyElementsOf(names);
            store.destroyCollection("c100").block();
            assertThat(store.collections().collectList().block()).hasSize(249).doesNotContain("c100");
        }
    }

    @Test
    void cursorsAreValidatedAndResume() {
        try (KeyValueStore store = RocksDbStore.builder().path(TestDirs.fresh("cursor")).build()) {
            for (String k : List.of("a", "b", "c", "ü", "😀")) {
                store.put("c", k, value(k), null).block();
            }
            KeyPage first = store.keyPage("c", ScanOptions.all().withPageSize(2)).block();
            assertThat(first.keys()).containsExactly("a", "b");
            KeyPage rest = store.keyPage("c", ScanOptions.all().withPageSize(10).withCursor(first.nextCursor())).block();
            assertThat(rest.keys()).containsExactly("c", "ü", "😀");
            assertThat(rest.nextCursor()).isNull();
            for (String bad : List.of("r1.", "r1.!!!", "r1.__8", "m1:a")) {
                StepVerifier.create(store.keyPage("c", ScanOptions.all().withCursor(bad)))
                        .expectError(InvalidCursorException.class).verify();
            }
        }
    }

    @Test
    void expiryIndexSurvivesReopeningAndTheSweepEmitsExpire() {
        Path dir = TestDirs.fresh("expiry");
        TestClock clock = new TestClock();
        try (KeyValueStore store = RocksDbStore.builder().path(dir).clock(clock).build()) {
            store.put("c", "short", value("v"), Duration.ofMinutes(1)).block();
            store.put("c", "kept", value("v"), null).block();
        }
        try (KeyValueStore store = RocksDbStore.builder().path(dir).clock(clock).build()) {
            List<KeyEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            reactor.core.Disposable watch = store.watch("c").subscribe(events::add);
            try {
                Polling.until("watch is live", Duration.ofSeconds(10), () -> !events.isEmpty());
                clock.advance(Duration.ofMinutes(2));
                Polling.until("the sweep removes the entry written before reopening", Duration.ofSeconds(10),
                        () -> events.contains(KeyEvent.expire("c", "short")));
                assertThat(store.keys("c").collectList().block()).containsExactly("kept");
            } finally {
                watch.dispose();
            }
        }
    }
}
