package dev.reactivekv.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

/**
 * A redis-server (or valkey-server) of the test's own, on a free loopback port, started as a child
 * process and stopped by its PID (never by name), so fault tests can stop, kill and restart it.
 * Its directory outlives restarts (append-only file, cluster {@code nodes.conf}) and is removed by
 * {@link #close()}. Keyspace notifications start switched off: the store has to enable them itself.
 */
public final class OwnRedisServer implements AutoCloseable {

    private final String binary;
    private final int port;
    private final Path dir;
    private final List<String> leadingArgs;
    private final List<String> extraArgs;
    private Process process;

    /** A plain redis-server, nothing persisted. */
    public OwnRedisServer() throws IOException {
        this(RedisServers.redisBinary());
    }

    /** {@code binary} (redis-server or valkey-server) with these extra command-line settings. */
    OwnRedisServer(String binary, String... extraArgs) throws IOException {
        this(binary, List.of(), extraArgs);
    }

    /** With arguments before the port: a config file and {@code --sentinel} for a Sentinel. */
    OwnRedisServer(String binary, List<String> leadingArgs, String... extraArgs) throws IOException {
        this.binary = binary;
        this.leadingArgs = List.copyOf(leadingArgs);
        this.port = freePortPair();
        this.dir = Files.createTempDirectory(Path.of("target"), "own-redis-");
        this.extraArgs = List.of(extraArgs);
        start();
    }

    /** Settings that make every acknowledged write survive a SIGKILL: the append-only file, written before the reply. */
    static String[] durable() {
        return new String[] {"--appendonly", "yes", "--appendfsync", "always"};
    }

    Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** (Re)starts the process on the same port and directory and waits until it accepts connections. */
    public void start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary));
        cmd.addAll(leadingArgs);
        cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--notify-keyspace-events", "", "--dir", dir.toAbsolutePath().toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IOException(binary + " on " + port + " did not start; see " + dir.resolve("log"), notYet);
                }
                try {
                    process.waitFor(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    /** Runs {@code f} on a short-lived plain connection to this server. */
    <T> T withConnection(Function<StatefulRedisConnection<String, String>, T> f) {
        return withClient(c -> {
            try (StatefulRedisConnection<String, String> connection = c.connect()) {
                return f.apply(connection);
            }
        });
    }

    /** Runs {@code f} on a short-lived Sentinel connection to this server (a Sentinel). */
    <T> T withSentinelConnection(Function<StatefulRedisSentinelConnection<String, String>, T> f) {
        return withClient(c -> {
            try (StatefulRedisSentinelConnection<String, String> connection = c.connectSentinel()) {
                return f.apply(connection);
            }
        });
    }

    private <T> T withClient(Function<RedisClient, T> f) {
        RedisURI uri = RedisURI.create("127.0.0.1", port);
        uri.setTimeout(Duration.ofSeconds(5));
        RedisClient client = RedisClient.create(uri);
        try {
            return f.apply(client);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** SIGTERM by PID (the server shuts down cleanly) and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** SIGKILL by PID (no shutdown at all) and waits until it is gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover directory under target/ is harmless
        }
    }

    /** A free port whose cluster bus port (+10000) is free too. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (p > 55_535) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(p + 10_000, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair (p, p + 10000) on loopback");
    }
}
