package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.tck.process.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code reactive-kv serve} over stdio, spawned as a host would, fed bad input (docs/reliability.md,
 * "MCP transports"): an oversized {@code kv_put} (20 MB, which used to end the server with exit code 0), broken
 * JSON, a batch and a non-JSON-RPC object each get a JSON-RPC error and the server keeps answering; end of input
 * exits 0; a broken stdout is fatal: exit code 1 and the reason on stderr.
 */
class StdioServeReliabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    private Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path start(boolean readStdout) throws IOException {
        List<String> cmd = ChildJvm.command(Main.class.getName(), "serve", "--store", "memory:"); // under BlockHound
        Path stderr = dir.resolve("stderr.txt");
        process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        if (readStdout) {
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "stdout-reader");
            reader.setDaemon(true);
            reader.start();
        }
        return stderr;
    }

    private void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(line.getBytes(StandardCharsets.UTF_8));
        in.write('\n');
        in.flush();
    }

    /** The next message the server wrote, within the time limit. */
    private JsonNode next() throws Exception {
        String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no message from the server within " + TIMEOUT_SECONDS + " s; alive: " + process.isAlive());
        }
        return JSON.readTree(line);
    }

    /** The response with this id (notifications in between are skipped). */
    private JsonNode response(int id) throws Exception {
        for (;;) {
            JsonNode m = next();
            if (m.has("id") && m.get("id").asInt() == id && !m.has("method")) {
                return m;
            }
        }
    }

    private void initialize() throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        assertThat(response(1).has("result")).isTrue();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @Test
    void badInputIsAnsweredWithErrorsAndTheServerKeepsServing() throws Exception {
        start(true);
        initialize();

        // 20 MB of kv_put: over the 4 MiB default; the id is read from the line's first bytes
        StringBuilder huge = new StringBuilder(20_000_100).append("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"kv_put\",\"arguments\":{\"key\":\"big\",\"value\":{\"text\":\"");
        huge.append("x".repeat(20_000_000)).append("\"}}}}");
        send(huge.toString());
        JsonNode tooLarge = response(2);
        assertThat(tooLarge.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(tooLarge.path("error").path("message").asText()).contains("too large").contains("--max-request-bytes");

        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":");
        JsonNode parse = next();
        assertThat(parse.path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(parse.get("id").isNull()).isTrue();
        send("[{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}]");
        assertThat(next().path("error").path("code").asInt()).isEqualTo(-32600);
        send("{\"jsonrpc\":\"2.0\",\"id\":5,\"nomethod\":true}");
        assertThat(response(5).path("error").path("code").asInt()).isEqualTo(-32600);
        send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"kv_nope\",\"arguments\":{}}}");
        assertThat(response(6).path("error").path("message").asText()).contains("kv_nope");

        // still serving: a write and a read through the tools
        send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"kv_put\",\"arguments\":"
                + "{\"key\":\"k\",\"value\":{\"n\":1}}}}");
        assertThat(response(7).path("result").path("isError").asBoolean()).isFalse();
        send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"kv_get\",\"arguments\":{\"key\":\"k\"}}}");
        assertThat(response(8).path("result").path("structuredContent").path("value").path("n").asInt()).isEqualTo(1);

        process.getOutputStream().close();
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exits at end of input").isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void aBrokenStdoutExitsNonZeroWithTheReasonOnStderr() throws Exception {
        Path stderr = start(false);
        // the host goes away without closing our stdin: every answer now fails to be written
        process.getInputStream().close();
        for (int id = 1; id <= 50 && process.isAlive(); id++) {
            try {
                send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
            } catch (IOException e) {
                break; // the server is gone
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exits when stdout is broken").isTrue();
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isEqualTo(1);
        assertThat(err).contains("error: MCP server stopped: cannot write to stdout");
    }
}
