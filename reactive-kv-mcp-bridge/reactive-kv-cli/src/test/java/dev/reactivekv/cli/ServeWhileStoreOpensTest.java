package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.Capability;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreClosedException;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.mcp.BridgeOptions;
import dev.reactivekv.mcp.KvMcpServer;
import dev.reactivekv.tck.Polling;
import dev.reactivekv.tck.process.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * {@code serve} listens before a slow store has opened ({@link OpeningStore}, {@link ServedStore}): an MCP host's
 * {@code initialize} is answered while the store is still opening, requests wait for it, and a store that fails
 * to open gives typed errors instead of ending the server. Timings are in scripts/dist-startup, not here.
 */
class ServeWhileStoreOpensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private OutputStream toServer;
    private Process process;

    @AfterEach
    void cleanUp() throws InterruptedException {
        release.countDown();
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Opens a memory store once the test releases it: a store whose open takes as long as the test wants. */
    private OpeningStore gated(Duration readyTimeout, AtomicReference<KeyValueStore> inside) {
        return OpeningStore.start("gated:", Set.of(Capability.SCAN, Capability.WATCH), readyTimeout, () -> {
            try {
                if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the store");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KeyValueStore s = KeyValueStores.open("memory:");
            inside.set(s);
            return s;
        }, e -> { });
    }

    @Test
    void initializeIsAnsweredWhileTheStoreIsStillOpeningAndRequestsWaitForIt() throws Exception {
        AtomicReference<KeyValueStore> inside = new AtomicReference<>();
        OpeningStore store = gated(WAIT, inside);
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        KvMcpServer server = KvMcpServer.startStdio(store, BridgeOptions.defaults(), Channels.newInputStream(in.source()),
                Channels.newOutputStream(out.sink()));
        try {
            toServer = Channels.newOutputStream(in.sink());
            read(Channels.newInputStream(out.source()));

            JsonNode init = initialize();
            assertThat(init.path("result").path("serverInfo").path("name").asText()).isEqualTo("reactive-kv");
            // announced before opening: subscriptions are offered although the store is not there yet
            assertThat(init.path("result").path("capabilities").path("resources").path("subscribe").asBoolean()).isTrue();
            send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            assertThat(response(2).path("result").path("tools").size()).isGreaterThanOrEqualTo(4);
            assertThat(store.settled()).as("the store is still opening").isFalse();

            // a write sent now waits for the store, then lands
            send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"kv_put\",\"arguments\":"
                    + "{\"key\":\"k\",\"value\":{\"n\":1}}}}");
            release.countDown();
            assertThat(response(3).path("result").path("isError").asBoolean()).isFalse();
            send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"kv_get\",\"arguments\":{\"key\":\"k\"}}}");
            assertThat(response(4).path("result").path("structuredContent").path("value").path("n").asInt()).isEqualTo(1);
            assertThat(inside.get().get("k").block(WAIT)).containsEntry("n", 1);
        } finally {
            server.close();
            store.close();
        }
        StepVerifier.create(inside.get().get("k")).expectError(StoreClosedException.class).verify(WAIT);
    }

    @Test
    void aStoreThatFailsToOpenFailsEveryOperationWithATypedError() {
        AtomicReference<KeyValueException> logged = new AtomicReference<>();
        OpeningStore store = OpeningStore.start("broken:", Set.of(), WAIT, () -> {
            throw new IllegalStateException("disk full");
        }, logged::set);
        StepVerifier.create(store.get("c", "k"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreSetupException.class)
                        .hasMessageContaining("broken:").hasMessageContaining("disk full")
                        .hasCauseInstanceOf(IllegalStateException.class))
                .verify(WAIT);
        StepVerifier.create(store.keys("c")).expectError(StoreSetupException.class).verify(WAIT);
        assertThat(logged.get()).isInstanceOf(StoreSetupException.class);
        store.close();
        StepVerifier.create(store.get("c", "k")).expectError(StoreClosedException.class).verify(WAIT);
    }

    @Test
    void aRequestWaitsForTheStoreAtMostTheReadyTimeout() {
        OpeningStore store = gated(Duration.ofMillis(200), new AtomicReference<>());
        StepVerifier.create(store.get("c", "k"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreTimeoutException.class)
                        .hasMessageContaining("still opening"))
                .verify(WAIT);
        release.countDown();
        store.close();
    }

    @Test
    void closingAStoreNeverBegunReturnsAtOnceAndOpensNothing() {
        AtomicReference<KeyValueStore> inside = new AtomicReference<>();
        OpeningStore store = OpeningStore.prepare("never:", Set.of(), WAIT, () -> {
            KeyValueStore s = KeyValueStores.open("memory:");
            inside.set(s);
            return s;
        }, e -> { });
        store.close();
        store.begin();
        StepVerifier.create(store.get("c", "k")).expectError(StoreClosedException.class).verify(WAIT);
        Polling.until("the opening thread has finished", WAIT, store::settled);
        assertThat(inside.get()).as("nothing opened after close").isNull();
    }

    @Test
    void closingWhileOpeningClosesTheStoreOnceItHasOpened() {
        AtomicReference<KeyValueStore> inside = new AtomicReference<>();
        OpeningStore store = gated(WAIT, inside);
        Thread closer = new Thread(store::close, "closer");
        closer.start();
        Polling.until("close has begun", WAIT, store::closed);
        StepVerifier.create(store.get("c", "k")).expectError(StoreClosedException.class).verify(WAIT);
        release.countDown();
        Polling.until("the opened store is closed", WAIT, () -> !closer.isAlive());
        StepVerifier.create(inside.get().get("c", "k")).expectError(StoreClosedException.class).verify(WAIT);
    }

    @Test
    void theDiskStoreAnnouncesExactlyTheCapabilitiesItOpensWith() {
        URI uri = URI.create("disk:" + dir.resolve("store").toUri().getPath());
        Set<Capability> announced = KeyValueStores.providers().get("disk").capabilitiesBeforeOpen(uri).orElseThrow();
        try (KeyValueStore disk = KeyValueStores.open(uri)) {
            assertThat(announced).isEqualTo(disk.capabilities());
        }
        // so serve opens it in the background; memory: opens at once as before
        StringWriter err = new StringWriter();
        try (KeyValueStore s = ServedStore.open("disk:" + dir.resolve("served"), new PrintWriter(err, true))) {
            assertThat(s).isInstanceOf(OpeningStore.class);
            OpeningStore opening = (OpeningStore) s;
            assertThat(opening.settled()).as("not opened before serve begins it").isFalse();
            opening.begin();
            StepVerifier.create(s.put("c", "k", java.util.Map.of("a", 1)).then(s.get("c", "k")))
                    .assertNext(v -> assertThat(v).containsEntry("a", 1)).expectComplete().verify(WAIT);
        }
        try (KeyValueStore s = ServedStore.open("memory:", new PrintWriter(err, true))) {
            assertThat(s).isNotInstanceOf(OpeningStore.class);
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void serveOnADiskStoreThatCannotOpenAnswersInitializeAndTypedToolErrors() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path stderr = dir.resolve("stderr.txt");
        List<String> cmd = ChildJvm.command(Main.class.getName(), "serve", "--store", "disk:" + notADirectory.resolve("store"));
        process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        toServer = process.getOutputStream();
        read(process.getInputStream());

        assertThat(initialize().path("result").path("serverInfo").path("name").asText()).isEqualTo("reactive-kv");
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"kv_get\",\"arguments\":{\"key\":\"k\"}}}");
        JsonNode failed = response(2);
        assertThat(failed.toString()).contains("could not be opened");
        Polling.until("the failure is on stderr", WAIT,
                () -> read(stderr).contains("could not be opened") && read(stderr).contains("requests fail until serve is restarted"));
        assertThat(process.isAlive()).as("still serving").isTrue();

        toServer.close();
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exits at end of input").isTrue();
        assertThat(process.exitValue()).as(read(stderr)).isZero();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private JsonNode initialize() throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        JsonNode init = response(1);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return init;
    }

    private void read(java.io.InputStream from) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the server ended
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void send(String line) throws IOException {
        toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    /** The response with this id, within the time limit (notifications in between are skipped). */
    private JsonNode response(int id) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        for (;;) {
            String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no response " + id + " within " + WAIT);
            }
            JsonNode m = JSON.readTree(line);
            if (m.has("id") && m.get("id").asInt() == id && !m.has("method")) {
                return m;
            }
        }
    }
}
