package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP TypeScript SDK client ({@code sdk-takeover.mjs}) across a restart: two {@code reactive-kv serve
 * --http} processes on one Redis; the client initialises and subscribes on A; A is killed ({@code kill -9}, its
 * listening stream drops); a write goes through B; A starts again on the same store and port. The client's old
 * session id still works and the update written meanwhile is delivered.
 */
class SessionTakeoverSdkTest {

    @TempDir
    Path tmp;

    @Test
    void theTypeScriptClientKeepsItsSessionAcrossARestart() throws Exception {
        Path node = CommandLineSdkClientTest.NODE;
        Path dir = CommandLineSdkClientTest.NODE_DIR;
        if (!Files.exists(node) || !Files.exists(dir.resolve("node_modules/@modelcontextprotocol/sdk/package.json"))) {
            throw new AssertionError("Missing the pinned MCP clients under " + dir + ": run scripts/test, or "
                    + "`bash -c 'source scripts/lib/mcp-clients.sh && mcp_clients_install'` from the repository root");
        }
        Path cmd = tmp.resolve("cmd.fifo");
        Path ack = tmp.resolve("ack.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", cmd.toString(), ack.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();

        String redis = SessionTakeoverTest.redis();
        int portA = ServeProcess.freePort();
        AtomicReference<ServeProcess> a = new AtomicReference<>(ServeProcess.start(portA, "--store", redis));
        Path log = Files.createTempFile("rkv-takeover", ".log");
        String collection = "takeover-" + UUID.randomUUID();
        try (ServeProcess b = ServeProcess.start(ServeProcess.freePort(), "--store", redis)) {
            Thread control = control(cmd, ack, a, portA, redis);
            Process p = new ProcessBuilder(List.of(node.toString(), "sdk-takeover.mjs", a.get().url(), b.url(),
                    cmd.toString(), ack.toString(), collection))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            boolean finished = p.waitFor(240, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            control.interrupt();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished).as("finished within 240 s; output:\n%s\nA's log:\n%s", output, a.get().output()).isTrue();
            assertThat(p.exitValue()).as("sdk-takeover.mjs output:\n%s\nA's log:\n%s", output, a.get().output()).isZero();
            assertThat(output).contains("PASS");
        } finally {
            a.get().close();
            Files.deleteIfExists(log);
            SessionTakeoverTest.dropCollection(collection);
        }
    }

    private static void answer(Path ack, String line) throws IOException {
        try (Writer w = Files.newBufferedWriter(ack, StandardCharsets.UTF_8)) {
            w.write(line + "\n");
        }
    }

    /** Answers the script's "kill" (kill -9 A) and "start" (A again, same port and store) on a daemon thread. */
    private static Thread control(Path cmd, Path ack, AtomicReference<ServeProcess> a, int portA, String redis) {
        Thread t = new Thread(() -> {
            try {
                for (;;) {
                    for (String line : Files.readAllLines(cmd, StandardCharsets.UTF_8)) {
                        switch (line.trim()) {
                            case "kill" -> a.get().kill();
                            case "start" -> a.set(ServeProcess.start(portA, "--store", redis));
                            case "" -> { }
                            default -> throw new IllegalArgumentException("unknown command: " + line);
                        }
                    }
                    answer(ack, "ok");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException | AssertionError e) {
                try {
                    answer(ack, "failed: " + e.toString().replace('\n', ' '));
                } catch (IOException ignored) {
                    // the script times out on its own
                }
            }
        }, "rkv-takeover-control");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
