package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.KeyValueStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The terminal commands as README.md documents them, each run as its own invocation (the store is opened and
 * closed per command, as with {@code ./reactive-kv}), on the persistent stores the command line ships with.
 */
class CommandLineTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** What one invocation printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "rocksdb"})
    void putGetKeysDeleteAcrossInvocations(String scheme) throws Exception {
        String store = scheme + ":" + dir.resolve("kv");
        assertThat(run("put", "-c", "notes", "today", "{\"text\":\"hi\",\"n\":1}", "--store", store).exitCode()).isZero();
        assertThat(run("put", "-c", "notes", "tomorrow", "{\"text\":\"later\"}", "--ttl", "3600", "--store", store)
                .exitCode()).isZero();

        Result got = run("get", "-c", "notes", "today", "--store", store);
        assertThat(got.exitCode()).as(got.err()).isZero();
        // the stored format sorts object keys (py-key-value's json.dumps(sort_keys=True))
        assertThat(JSON.readTree(got.out())).isEqualTo(JSON.readTree("{\"text\":\"hi\",\"n\":1}"));

        assertThat(run("keys", "-c", "notes", "--store", store).out().lines()).containsExactly("today", "tomorrow");
        assertThat(run("keys", "-c", "notes", "--prefix", "tom", "--store", store).out().lines()).containsExactly("tomorrow");

        assertThat(run("delete", "-c", "notes", "today", "--store", store).out().trim()).isEqualTo("true");
        assertThat(run("delete", "-c", "notes", "today", "--store", store).out().trim()).isEqualTo("false");
        Result missing = run("get", "-c", "notes", "today", "--store", store);
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("not found: notes/today");
    }

    @Test
    void usageAndStoreErrorsHaveTheirExitCodes() {
        String store = "rocksdb:" + dir.resolve("kv");
        assertThat(run("get", "--store", store).exitCode()).as("missing KEY").isEqualTo(2);
        assertThat(run("frobnicate").exitCode()).isEqualTo(2);
        Result notAnObject = run("put", "k", "[1,2]", "--store", store);
        assertThat(notAnObject.exitCode()).isEqualTo(2);
        assertThat(notAnObject.err()).contains("JSON must be one JSON object, e.g. '{\"text\":\"hi\"}'")
                .contains("got a JSON array");
        Result unknownScheme = run("get", "k", "--store", "nosuch://x");
        assertThat(unknownScheme.exitCode()).isEqualTo(1);
        assertThat(unknownScheme.err()).contains("nosuch");
    }

    @Test
    void helpWorksOnEverySubcommand() {
        picocli.CommandLine top = new picocli.CommandLine(new Main());
        assertThat(top.getSubcommands()).containsKeys("serve", "get", "put", "delete", "keys", "watch");
        for (String name : top.getSubcommands().keySet()) {
            Result help = run(name, "--help");
            assertThat(help.exitCode()).as(name + " --help: " + help.err()).isZero();
            assertThat(help.out()).as(name + " --help").contains("Usage:").contains(name);
        }
        assertThat(run("serve", "--help").out()).contains("--token-file").contains("--max-tool-value-bytes")
                .doesNotContain("--token=");
    }

    @Test
    void badInputIsReportedWithoutJavaTypesAndNamesTheFix() {
        String store = "memory:";
        Result broken = run("put", "k", "{not json", "--store", store);
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("not valid JSON at character 2").contains("e.g. '{\"text\":\"hi\"}'");
        for (Result r : java.util.List.of(broken, run("put", "k", "\"text\"", "--store", store),
                run("serve", "--http", "localhost", "--store", store), run("serve", "--http", "h:99999", "--store", store),
                run("serve", "--store", "nosuch://x"))) {
            assertThat(r.exitCode()).as(r.err()).isNotZero();
            assertThat(r.err()).as("no Java type names").doesNotContainPattern("(java|com|dev)\\.[a-z]+\\.")
                    .doesNotContain("Exception");
        }
        assertThat(run("serve", "--http", "localhost", "--store", store).err()).contains("e.g. --http 127.0.0.1:8765");
        assertThat(run("serve", "--store", "nosuch://x").err()).contains("known:");
    }

    @Test
    void theTokenComesFromAFileOrTheEnvironmentAndTheOptionIsDeprecated() throws Exception {
        StringWriter warnings = new StringWriter();
        PrintWriter err = new PrintWriter(warnings, true);
        java.nio.file.Path file = dir.resolve("token");
        java.nio.file.Files.writeString(file, "from-file\nignored\n");
        assertThat(TokenSource.resolve(null, file, java.util.Map.of(TokenSource.ENV, "env"), err)).isEqualTo("from-file");
        assertThat(TokenSource.resolve(null, null, java.util.Map.of(TokenSource.ENV, " from-env "), err)).isEqualTo("from-env");
        assertThat(TokenSource.resolve(null, null, java.util.Map.of(), err)).isNull();
        assertThat(warnings.toString()).isEmpty();
        assertThat(TokenSource.resolve("on-the-command-line", null, java.util.Map.of(), err)).isEqualTo("on-the-command-line");
        assertThat(warnings.toString()).contains("--token is deprecated").contains("--token-file").contains(TokenSource.ENV);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenSource.resolve("x", file, java.util.Map.of(), err))
                .hasMessageContaining("not both");
        java.nio.file.Files.writeString(file, "\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenSource.resolve(null, file, java.util.Map.of(), err))
                .hasMessageContaining("is empty");
        Result missing = run("serve", "--http", "127.0.0.1:0", "--token-file", dir.resolve("nope").toString(),
                "--store", "memory:");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read --token-file").contains("first line is the token");
    }

    @Test
    void everyStoreOfTheDistributionCanBeOpenedAndServeDefaultsToDisk() {
        assertThat(KeyValueStores.providers().keySet()).contains("memory", "disk", "rocksdb", "redis", "rediss",
                "postgresql", "dynamodb", "memcached", "mongodb", "elasticsearch", "opensearch");
        assertThat(DefaultStore.uri()).isEqualTo("disk:");
    }
}
