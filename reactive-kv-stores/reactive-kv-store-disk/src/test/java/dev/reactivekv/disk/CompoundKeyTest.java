package dev.reactivekv.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Keys with separators survive a reopen (the index is rebuilt by splitting compound keys). */
class CompoundKeyTest {

    @TempDir
    Path root;

    /** Inside the temporary directory, so the key file generated beside it is cleaned up too. */
    private Path directory;

    @org.junit.jupiter.api.BeforeEach
    void storeDirectory() {
        directory = root.resolve("store");
    }

    @Test
    void ambiguousCollectionsAreRefusedAndOddKeysSurviveReopening() {
        try (KeyValueStore store = DiskStore.builder().directory(directory).initialEntries(1000).build()) {
            StepVerifier.create(store.put("a:", "k", Map.of(), null)).expectError(InvalidCollectionException.class).verify();
            StepVerifier.create(store.put("a::b", "k", Map.of(), null)).expectError(InvalidCollectionException.class).verify();
            store.put("a", ":k", Map.of("n", 1), null).block();
            store.put("a", "x::y", Map.of("n", 2), null).block();
        }
        dev.reactivekv.tck.Polling.until("released", java.time.Duration.ofSeconds(15), () -> !DiskFiles.isOpen(directory));
        try (KeyValueStore store = DiskStore.builder().directory(directory).initialEntries(1000).build()) {
            assertThat(store.keys("a").collectList().block()).containsExactly(":k", "x::y");
            assertThat(store.collections().collectList().block()).containsExactly("a");
            assertThat(store.get("a", "x::y").block()).isEqualTo(Map.of("n", 2));
        }
    }
}
