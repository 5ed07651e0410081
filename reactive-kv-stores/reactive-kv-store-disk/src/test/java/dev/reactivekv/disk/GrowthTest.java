package dev.reactivekv.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chronicle's fixed sizing is not a user limit: full files are followed by bigger ones; big values fit. */
class GrowthTest {

    @TempDir
    Path directory;

    @Test
    void aFullMapFileRollsOverAndEverythingSurvivesReopening() {
        Path dir = directory.resolve("growth");
        int n = 30_000;
        try (KeyValueStore store = DiskStore.builder().directory(dir).initialEntries(1000).build()) {
            Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                batch.put("k" + i, Map.of("i", i, "pad", "p".repeat(200)));
                if (batch.size() == 1000) {
                    store.putMany("c", batch, null).block();
                    batch.clear();
                }
            }
            assertThat(store.keys("c").count().block()).isEqualTo(n);
        }
        assertThat(Files.exists(dir.resolve("kv-01.cm"))).as("a second map file").isTrue();
        awaitReleased(dir);
        try (KeyValueStore store = DiskStore.builder().directory(dir).initialEntries(1000).build()) {
            assertThat(store.keys("c").count().block()).isEqualTo(n);
            assertThat(store.get("c", "k0").block()).containsEntry("i", 0);
            assertThat(store.get("c", "k" + (n - 1)).block()).containsEntry("i", n - 1);
        }
    }

    @Test
    void valuesFromBytesToMegabytesRoundTripAndTheUriOpensTheStore() {
        Path dir = directory.resolve("big");
        try (KeyValueStore store = KeyValueStores.open("disk:" + dir.toUri().getPath())) {
            char[] chars = new char[4 * 1024 * 1024];
            Arrays.fill(chars, 'z');
            String fourMb = new String(chars);
            store.put("c", "big", Map.of("s", fourMb), null).block();
            store.put("c", "small", Map.of(), null).block();
            assertThat((String) store.get("c", "big").block().get("s")).isEqualTo(fourMb);
            // replacing and deleting a large value frees its parts
            store.put("c", "big", Map.of("s", fourMb.substring(1)), null).block();
            assertThat((String) store.get("c", "big").block().get("s")).hasSize(fourMb.length() - 1);
            assertThat(store.delete("c", "big").block()).isTrue();
            assertThat(store.get("c", "big").block()).isNull();
            assertThat(store.get("c", "small").block()).isEmpty();
        }
    }

    /** close() lets the files go once running work has finished; a reopen after that recovers them. */
    private static void awaitReleased(Path dir) {
        dev.reactivekv.tck.Polling.until("files released", java.time.Duration.ofSeconds(15), () -> !DiskFiles.isOpen(dir));
    }
}
