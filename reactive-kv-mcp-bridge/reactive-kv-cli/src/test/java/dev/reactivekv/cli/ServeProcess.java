package dev.reactivekv.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.tck.process.ChildJvm;

/**
 * {@code reactive-kv serve --http} as a separate process ({@link ChildJvm}: this JVM's class path and flags, under BlockHound), for tests of
 * several instances on one store. {@link #kill()} is {@code kill -9}: no shutdown hook runs.
 */
final class ServeProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int port;

    private ServeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code serve --http 127.0.0.1:PORT ARGS…} and waits (120 s at most: a loaded machine) until it listens. */
    static ServeProcess start(int port, String... args) throws IOException, InterruptedException {
        List<String> serve = new ArrayList<>(List.of("serve", "--http", "127.0.0.1:" + port));
        serve.addAll(List.of(args));
        List<String> cmd = ChildJvm.command(Main.class.getName(), serve.toArray(String[]::new)); // under BlockHound
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ServeProcess s = new ServeProcess(p, port);
        CountDownLatch listening = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    s.output.append(line).append('\n');
                    if (line.contains("reactive-kv MCP server: http://")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                s.output.append("(output lost: ").append(e).append(")\n");
            }
        }, "serve-output-" + port);
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(120, TimeUnit.SECONDS)) {
            s.kill();
            throw new AssertionError("serve on port " + port + " did not start within 120 s:\n" + s.output);
        }
        return s;
    }

    /** A loopback port free right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    String output() {
        return output.toString();
    }

    /** SIGKILL, and waits (30 s at most) until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("serve on port " + port + " survived kill -9");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
