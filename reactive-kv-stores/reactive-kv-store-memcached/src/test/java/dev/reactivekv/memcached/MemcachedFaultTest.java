package dev.reactivekv.memcached;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.tck.Polling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A memcached of the test's own is killed, frozen and restarted under the store. */
class MemcachedFaultTest {

    /** Far longer than any failure below may take: they must come from the fault, not the store's timeout. */
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private OwnMemcached server;
    private KeyValueStore store;

    @BeforeEach
    void start() throws Exception {
        server = new OwnMemcached();
        store = MemcachedStore.builder(server.uri()).timeout(STORE_TIMEOUT).build();
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.close();
    }

    @Test
    void aServerKilledMidRequestFailsItWithStoreUnavailableThenTheStoreRecovers() throws Exception {
        store.put("c", "k", Map.of("v", 1), null).block(PATIENCE);
        server.signal("STOP"); // the request reaches the socket but is never answered
        StepVerifier.create(store.get("c", "k"))
                .then(() -> {
                    Polling.until("the get is on the wire", PATIENCE, () -> requests() > 1);
                    kill();
                })
                .expectError(StoreUnavailableException.class)
                .verify(PATIENCE);

        server.start(); // same port, empty
        Polling.until("the store writes again after the restart", PATIENCE, () -> store.put("c", "k", Map.of("v", 2), null)
                .thenReturn(true).onErrorResume(StoreUnavailableException.class, e -> Mono.just(false)).block(PATIENCE));
        assertThat(store.get("c", "k").block(PATIENCE)).isEqualTo(Map.of("v", 2));
    }

    @Test
    void aDeadServerFailsEveryOperationWithStoreUnavailableWithoutWaitingForTheTimeout() throws Exception {
        kill();
        StepVerifier.create(store.get("c", "k")).expectError(StoreUnavailableException.class).verify(PATIENCE);
        StepVerifier.create(store.put("c", "k", Map.of(), null)).expectError(StoreUnavailableException.class).verify(PATIENCE);
        StepVerifier.create(store.getMany("c", java.util.List.of("a", "b"))).expectError(StoreUnavailableException.class)
                .verify(PATIENCE);
        StepVerifier.create(store.putIfAbsent("c", "k", Map.of(), null)).expectError(StoreUnavailableException.class)
                .verify(PATIENCE);
        server.start();
        Polling.until("the store reconnects", PATIENCE, () -> store.exists("c", "k").map(answered -> true)
                .onErrorResume(StoreUnavailableException.class, e -> Mono.just(false)).block(PATIENCE));
    }

    @Test
    void aFrozenServerTimesOutAndItsLateAnswerIsNotMistakenForTheNextOne() throws Exception {
        try (KeyValueStore quick = MemcachedStore.builder(server.uri()).timeout(Duration.ofSeconds(2)).build()) {
            quick.put("c", "a", Map.of("v", "a"), null).block(PATIENCE);
            quick.put("c", "b", Map.of("v", "b"), null).block(PATIENCE);
            server.signal("STOP");
            StepVerifier.create(quick.get("c", "a")).expectError(StoreTimeoutException.class).verify(PATIENCE);
            server.signal("CONT");
            // the answer to the timed-out get of "a" arrives first and must be consumed as that get's
            assertThat(quick.get("c", "b").block(PATIENCE)).isEqualTo(Map.of("v", "b"));
            assertThat(quick.get("c", "a").block(PATIENCE)).isEqualTo(Map.of("v", "a"));
        }
    }

    @Test
    void buildingAgainstAPortNobodyListensOnFailsWithStoreUnavailable() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        assertThatThrownBy(() -> MemcachedStore.builder("memcached://127.0.0.1:" + free).build())
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + free);
    }

    @Test
    void closingTheStoreFailsWaitingRequestsAndLaterOnes() throws Exception {
        server.signal("STOP");
        StepVerifier.create(store.get("c", "k"))
                .then(() -> {
                    Polling.until("the get is on the wire", PATIENCE, () -> requests() > 0);
                    store.close();
                })
                .expectError(StoreUnavailableException.class)
                .verify(PATIENCE);
        StepVerifier.create(store.get("c", "k")).expectError(dev.reactivekv.error.StoreClosedException.class).verify(PATIENCE);
    }

    private long requests() {
        return ((MemcachedKeyValueStore) store).requestsWritten();
    }

    private void kill() {
        try {
            server.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
