package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an MCP host gets it (runs after {@code package}): the {@code .tar.gz} unpacked into a
 * fresh folder, {@code bin/reactive-kv} reached through a symlink from another directory, with no Maven and
 * no source tree on its path; the {@code .zip} holds the same files.
 */
class DistributionIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    static Path temp;

    private static Path launcher;
    private static Path workDir;
    private static String folder;

    @BeforeAll
    static void unpack() throws Exception {
        folder = "reactive-kv-" + System.getProperty("rkv.dist.version");
        Path tarGz = Path.of(System.getProperty("rkv.dist.archive") + ".tar.gz");
        assertThat(tarGz).as("built by `mvn package`").exists();
        Path unpacked = Files.createDirectories(temp.resolve("opt"));
        Result tar = run(unpacked, List.of("tar", "xzf", tarGz.toString()));
        assertThat(tar.exit).as(tar.output).isZero();
        Path bin = unpacked.resolve(folder).resolve("bin/reactive-kv");
        assertThat(Files.getPosixFilePermissions(bin)).contains(PosixFilePermission.OWNER_EXECUTE);
        // two links deep, the second relative: as a PATH entry pointing at an install folder's link would be
        Path linkDir = Files.createDirectories(temp.resolve("path"));
        Path first = Files.createSymbolicLink(temp.resolve("current"), unpacked.resolve(folder));
        launcher = Files.createSymbolicLink(linkDir.resolve("reactive-kv"), Path.of("../current/bin/reactive-kv"));
        assertThat(first).exists();
        workDir = Files.createDirectories(temp.resolve("elsewhere"));
    }

    @Test
    void zipHoldsTheSameLauncherAndLibraries() throws IOException {
        try (ZipFile zip = new ZipFile(System.getProperty("rkv.dist.archive") + ".zip")) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains(folder + "/bin/reactive-kv");
            assertThat(names).anyMatch(n -> n.startsWith(folder + "/lib/reactive-kv-cli-") && n.endsWith(".jar"));
            assertThat(names).anyMatch(n -> n.startsWith(folder + "/lib/reactive-kv-store-disk-"));
        }
    }

    @Test
    void putThenGetOnADiskStoreThroughASymlinkFromAnotherDirectory() throws Exception {
        String store = "disk:" + temp.resolve("data/store");
        Result put = run(workDir, List.of(launcher.toString(), "put", "--store", store, "greeting", "{\"hello\":\"world\"}"));
        assertThat(put.exit).as(put.output).isZero();
        Result get = run(workDir, List.of(launcher.toString(), "get", "--store", store, "greeting"));
        assertThat(get.exit).as(get.output).isZero();
        assertThat(get.output).contains("{\"hello\":\"world\"}");
    }

    @Test
    void serveAnswersAnMcpInitializeOverHttp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "serve", "--http", "127.0.0.1:" + port,
                "--store", "disk:" + temp.resolve("data/served"))
                .directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process serve = builder.start();
        try {
            serve.getOutputStream().close();
            long started = System.nanoTime();
            CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> awaitLine(serve, "reactive-kv MCP server: http://"));
            String line = listening.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("serve: start to listening %d ms (%s)%n", (System.nanoTime() - started) / 1_000_000, line);

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/mcp"))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .timeout(PATIENCE)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                            + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                            + "\"clientInfo\":{\"name\":\"distribution-test\",\"version\":\"1\"}}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"serverInfo\"").contains("\"id\":1");
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the process's output until a line containing {@code marker}; fails if the output ends first. */
    private static String awaitLine(Process p, String marker) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.contains(marker)) {
                    // keep draining so the server never blocks on a full pipe
                    Thread drain = new Thread(() -> reader.lines().forEach(l -> { }), "serve-output");
                    drain.setDaemon(true);
                    drain.start();
                    return line;
                }
                seen.append(line).append('\n');
            }
            throw new AssertionError("serve ended before listening:\n" + seen);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, List<String> command) throws Exception {
        Path log = Files.createTempFile(temp, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        p.getOutputStream().close();
        if (!p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish within " + PATIENCE + ":\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
