package dev.reactivekv.mcp.interop;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.KeyValueStore;

/**
 * Lets a Node client change the store "directly" (not through MCP): it writes one command line to a command
 * FIFO and reads "ok" back from an answer FIFO once the change is applied. Commands: {@code put C K JSON},
 * {@code fill C N} (keys {@code key0000}… with values {@code {"i": n}}). Runs on its own plain thread.
 */
final class DirectWrites {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DirectWrites() {
    }

    /** Creates the two FIFOs in {@code dir}: command, answer. */
    static List<Path> fifos(Path dir) throws IOException, InterruptedException {
        Path cmd = dir.resolve("cmd.fifo");
        Path ack = dir.resolve("ack.fifo");
        Process p = new ProcessBuilder("mkfifo", cmd.toString(), ack.toString()).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo failed");
        }
        return List.of(cmd, ack);
    }

    /** Serves commands until the thread is interrupted or the process ends (daemon thread). */
    static Thread serve(KeyValueStore store, Path cmd, Path ack) {
        Thread t = new Thread(() -> {
            try {
                for (;;) {
                    List<String> lines = Files.readAllLines(cmd, StandardCharsets.UTF_8);
                    for (String line : lines) {
                        if (!line.isBlank()) {
                            apply(store, line);
                        }
                    }
                    try (Writer w = Files.newBufferedWriter(ack, StandardCharsets.UTF_8)) {
                        w.write("ok\n");
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("direct writes stopped: " + e);
            }
        }, "rkv-direct-writes");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @SuppressWarnings("unchecked")
    private static void apply(KeyValueStore store, String line) throws IOException {
        String[] parts = line.split(" ", 4);
        switch (parts[0]) {
            case "put" -> store.put(parts[1], parts[2], JSON.readValue(parts[3], Map.class))
                    .block(Duration.ofSeconds(30));
            case "fill" -> {
                Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
                for (int i = 0; i < Integer.parseInt(parts[2]); i++) {
                    entries.put(String.format("key%04d", i), Map.of("i", i));
                }
                store.putMany(parts[1], entries, null).block(Duration.ofSeconds(30));
            }
            default -> throw new IllegalArgumentException("unknown command: " + line);
        }
    }
}
