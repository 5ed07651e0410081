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
        assertThat(notAnObject.exitCode()).isEqualTo(1);
        assertThat(notAnObject.err()).startsWith("error: ");
        Result unknownScheme = run("get", "k", "--store", "nosuch://x");
        assertThat(unknownScheme.exitCode()).isEqualTo(1);
        assertThat(unknownScheme.err()).contains("nosuch");
    }

    @Test
    void everyStoreOfTheDistributionCanBeOpenedAndServeDefaultsToDisk() {
        assertThat(KeyValueStores.providers().keySet()).contains("memory", "disk", "rocksdb", "redis", "rediss",
                "postgresql", "dynamodb", "memcached", "mongodb", "elasticsearch", "opensearch");
        assertThat(DefaultStore.uri()).isEqualTo("disk:");
    }
}
