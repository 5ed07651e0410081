package dev.reactivekv.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs on the same files: SIGKILL in the middle of writes, and reading another process's writes. */
class MultiProcessTest {

    @TempDir
    Path root;

    /** Inside the temporary directory, so the key file generated beside it is cleaned up too. */
    private Path directory;

    @org.junit.jupiter.api.BeforeEach
    void storeDirectory() {
        directory = root.resolve("store");
    }

    @Test
    void aChildKilledMidWriteLosesNoAcknowledgedWrite() throws Exception {
        Process child = ChildJvm.start("write", directory.toString());
        List<String> acked = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < 3000 && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                }
            }
            child.destroyForcibly(); // SIGKILL while it keeps writing
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).hasSize(3000);
        try (KeyValueStore store = DiskStore.builder().directory(directory).build()) {
            List<Lookup> got = store.getMany("crash", acked).collectList().block();
            for (int i = 0; i < acked.size(); i++) {
                Lookup l = got.get(i);
                assertThat(l.isHit()).as(l.key()).isTrue();
                assertThat(((Number) l.entry().value().get("i")).longValue()).isEqualTo(i);
                if (i % 50 == 0) {
                    assertThat((String) l.entry().value().get("big")).hasSize(300_000);
                }
            }
            // nothing corrupt: every key the reopened store lists reads back
            List<String> keys = store.keys("crash").collectList().block();
            assertThat(keys).hasSizeGreaterThanOrEqualTo(acked.size());
            assertThat(store.getMany("crash", keys).filter(Lookup::isHit).count().block()).isEqualTo(keys.size());
            store.put("crash", "after", Map.of("ok", true), null).block();
            assertThat(store.get("crash", "after").block()).isEqualTo(Map.of("ok", true));
        }
    }

    @Test
    void aSecondJvmReadsWhatTheFirstWroteAndViceVersa() throws Exception {
        try (KeyValueStore store = DiskStore.builder().directory(directory).build()) {
            store.put("shared", "from-parent", Map.of("n", 7), null).block();
            // the child opens the files while this process still has them open
            Process child = ChildJvm.start("read", directory.toString(), "from-parent");
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(lines).contains("VALUE 7", "DONE");
            assertThat(store.get("shared", "from-child").block()).isEqualTo(Map.of("n", 42));
        }
    }
}
