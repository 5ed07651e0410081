package dev.reactivekv.cli;

import static dev.reactivekv.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.cli.CommandLineTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code copy}, {@code export} and {@code import} as a user runs them, on the persistent embedded stores. */
class CopyExportImportTest {

    @TempDir
    Path dir;

    private String fill(String name, int entries) {
        String uri = "rocksdb:" + dir.resolve(name);
        try (KeyValueStore s = KeyValueStores.open(uri)) {
            for (int i = 0; i < entries; i++) {
                s.put(i % 2 == 0 ? "even" : "odd", "k" + i, Map.of("i", i), i % 5 == 0 ? Duration.ofHours(2) : null)
                        .block(Main.TIMEOUT);
            }
        }
        return uri;
    }

    @Test
    void copyKeepsTtlsAndARerunSkipsWhatIsThere() throws Exception {
        String from = fill("from", 1_000);
        String to = "disk:" + dir.resolve("to");
        try (KeyValueStore target = KeyValueStores.open(to)) {
            // as if an earlier run had been interrupted after writing k0, and someone changed it since
            target.put("even", "k0", Map.of("i", "changed"), null).block(Main.TIMEOUT);
        }
        Result first = run("copy", "--from", from, "--to", to, "--progress", "lines");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("copied 1000 entries: 999 written, 1 skipped (already there)");

        Result again = run("copy", "--from", from, "--to", to, "--progress", "none");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("0 written, 1000 skipped");

        try (KeyValueStore target = KeyValueStores.open(to)) {
            assertThat(target.get("even", "k0").block(Main.TIMEOUT)).isEqualTo(Map.of("i", "changed"));
            Entry expiring = target.ttl("odd", "k5").block(Main.TIMEOUT);
            assertThat(expiring).isNotNull();
            assertThat(expiring.ttl()).isNotNull().isBetween(Duration.ofHours(1), Duration.ofHours(2));
            assertThat(target.ttl("odd", "k7").block(Main.TIMEOUT).ttl()).isNull();
            assertThat(target.keys("even").count().block(Main.TIMEOUT)).isEqualTo(500);
        }
    }

    @Test
    void copyOfNamedCollectionsOnly() {
        String from = fill("from", 10);
        String to = "rocksdb:" + dir.resolve("to");
        Result r = run("copy", "--from", from, "--to", to, "--collection", "odd", "--progress", "none");
        assertThat(r.exitCode()).as(r.err()).isZero();
        try (KeyValueStore target = KeyValueStores.open(to)) {
            assertThat(target.collections().collectList().block(Main.TIMEOUT)).containsExactly("odd");
        }
    }

    @Test
    void badUrisFailClearlyNamingTheOption() {
        Result r = run("copy", "--from", "nosuch://x", "--to", "memory:");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: --from").contains("nosuch");
        Result same = run("copy", "--from", "memory:", "--to", "memory:");
        assertThat(same.exitCode()).isEqualTo(2);
        assertThat(same.err()).contains("same store");
    }

    @Test
    void exportThenImportRoundTripsWithExpiries() throws Exception {
        String from = fill("from", 200);
        Path file = dir.resolve("dump.jsonl");
        Result exported = run("export", "--store", from, "--output", file.toString(), "--progress", "lines");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(200);
        assertThat(lines).anyMatch(l -> l.startsWith("{\"collection\":\"odd\",\"key\":\"k5\",\"value\":{\"i\":5},\"expires_at\":\""));
        assertThat(lines).contains("{\"collection\":\"odd\",\"key\":\"k7\",\"value\":{\"i\":7}}");

        String to = "disk:" + dir.resolve("imported");
        Result imported = run("import", "--store", to, file.toString(), "--progress", "none");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.err()).contains("imported 200 entries: 200 written");
        try (KeyValueStore target = KeyValueStores.open(to)) {
            assertThat(target.get("odd", "k7").block(Main.TIMEOUT)).isEqualTo(Map.of("i", 7));
            assertThat(target.ttl("odd", "k5").block(Main.TIMEOUT).ttl()).isNotNull().isLessThan(Duration.ofHours(2));
        }
        Result again = run("import", "--store", to, file.toString(), "--progress", "none");
        assertThat(again.err()).contains("0 written, 200 skipped");
    }

    @Test
    void exportToStandardOutput() {
        String from = fill("from", 3);
        Result r = run("export", "--store", from, "--collection", "even", "--progress", "none");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "{\"collection\":\"even\",\"key\":\"k0\",\"value\":{\"i\":0},\"expires_at\":\"" + r.out().lines().findFirst()
                        .orElseThrow().replaceAll(".*\"expires_at\":\"([^\"]+)\".*", "$1") + "\"}",
                "{\"collection\":\"even\",\"key\":\"k2\",\"value\":{\"i\":2}}");
    }

    @Test
    void aCorruptLineWritesNothingAndNamesTheLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"collection\":\"c\",\"key\":\"a\",\"value\":{\"x\":1}}\n"
                + "\n"
                + "{\"collection\":\"c\",\"key\":\"b\",\"value\":[1,2]}\n");
        String to = "rocksdb:" + dir.resolve("target");
        Result r = run("import", "--store", to, file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("line 3").contains("'value' must be a JSON object");
        try (KeyValueStore target = KeyValueStores.open(to)) {
            assertThat(target.exists("c", "a").block(Main.TIMEOUT)).isFalse();
        }

        Files.writeString(file, "{\"collection\":\"c\",\"key\":\"a\",\"value\":{},\"expires_at\":\"tomorrow\"}\n");
        assertThat(run("import", "--store", to, file.toString()).err()).contains("line 1").contains("expires_at");
        Files.writeString(file, "not json\n");
        assertThat(run("import", "--store", to, file.toString()).err()).contains("line 1").contains("not JSON");
        assertThat(run("import", "--store", to, dir.resolve("missing.jsonl").toString()).err()).contains("Cannot read");
    }

    @Test
    void importAcceptsAHandWrittenTtlInSeconds() throws Exception {
        Path file = dir.resolve("ttl.jsonl");
        Files.writeString(file, "{\"collection\":\"c\",\"key\":\"a\",\"value\":{\"x\":1},\"ttl\":60}\n");
        String to = "rocksdb:" + dir.resolve("target");
        assertThat(run("import", "--store", to, file.toString(), "--progress", "none").exitCode()).isZero();
        try (KeyValueStore target = KeyValueStores.open(to)) {
            assertThat(target.ttl("c", "a").block(Main.TIMEOUT).ttl()).isNotNull().isLessThanOrEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void aFailedExportLeavesTheOldFileAsItWas() throws Exception {
        String from = fill("from", 10);
        Path file = dir.resolve("out.jsonl");
        Files.writeString(file, "the previous export\n");
        // a collection name the store refuses: the read fails after the export has begun
        Result r = run("export", "--store", from, "--output", file.toString(), "--progress", "none",
                "--collection", "even", "--collection", "bad::name");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error:").contains("bad::name");
        assertThat(Files.readString(file)).isEqualTo("the previous export\n");
        try (var listing = Files.list(dir)) {
            assertThat(listing.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
        }
    }
}
