package dev.reactivekv.disk;

import reactor.test.StepVerifier;
import dev.reactivekv.tck.Polling;
import dev.reactivekv.KeyEvent;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Files;
import java.time.Duration;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs on the same files: reading another process's writes (SIGKILL during writes: {@link DiskCrashTest}). */
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
            assertThat(store.get("shared", "from-child").block(Duration.ofSeconds(30))).isEqualTo(Map.of("n", 42));
            // the key index follows the other process through the change journal: no reopen needed
            Polling.until("a scan lists the key the child wrote", Duration.ofSeconds(30),
                    () -> store.keys("shared").collectList().block(Duration.ofSeconds(30)).contains("from-child"));
            assertThat(store.collections().collectList().block(Duration.ofSeconds(30))).contains("shared");
        }
    }

    @Test
    void scansAndWatchFollowAnotherProcessWithoutReopening() {
        try (KeyValueStore store = DiskStore.builder().directory(directory).build()) {
            StepVerifier.create(store.watch("journal"))
                    .expectNextMatches(e -> e.type() == KeyEvent.Type.RESYNC)
                    .then(() -> ChildJvm.run("put", directory.toString(), "journal", "k1", "one"))
                    .expectNext(KeyEvent.put("journal", "k1"))
                    .then(() -> assertThat(store.keys("journal").collectList().block(Duration.ofSeconds(30)))
                            .containsExactly("k1"))
                    .then(() -> ChildJvm.run("delete", directory.toString(), "journal", "k1"))
                    .expectNext(KeyEvent.delete("journal", "k1"))
                    .then(() -> assertThat(store.keys("journal").collectList().block(Duration.ofSeconds(30))).isEmpty())
                    .thenCancel()
                    .verify(Duration.ofMinutes(3));
        }
    }

    @Test
    void storeFilesAreOwnerOnly() throws Exception {
        try (KeyValueStore store = DiskStore.builder().directory(directory).build()) {
            store.put("c", "k", Map.of("n", 1), null).block(Duration.ofSeconds(30));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void withoutTheModuleFlagsOpeningFailsWithATypedErrorNamingThemAndLeavesNoFiles() throws Exception {
        Path fresh = directory.resolveSibling(directory.getFileName() + "-noflags");
        Process child = ChildJvm.startWithoutModuleFlags("open", fresh.toString());
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).startsWith("FAILED dev.reactivekv.error.StoreSetupException")
                .contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        assertThat(fresh).doesNotExist();
    }
}
