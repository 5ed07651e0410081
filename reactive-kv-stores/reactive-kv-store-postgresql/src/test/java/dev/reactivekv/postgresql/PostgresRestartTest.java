package dev.reactivekv.postgresql;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.tck.Polling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL restarted under an open watch and a working store, on a cluster this test owns. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private OwnPostgres server;

    @BeforeAll
    void startServer() throws Exception {
        server = OwnPostgres.create();
    }

    @AfterAll
    void removeServer() throws Exception {
        if (server != null) {
            server.destroy();
        }
    }

    private static long resyncs(List<KeyEvent> events) {
        return events.stream().filter(e -> e.type() == KeyEvent.Type.RESYNC).count();
    }

    @Test
    void aRestartFailsOperationsTypedThenTheyRecoverAndTheWatchResyncs() throws Exception {
        KeyValueStore store = server.server().builder("kv_store")
                .timeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(2)).build();
        List<KeyEvent> events = new CopyOnWriteArrayList<>();
        Disposable watch = store.watch("c").subscribe(events::add);
        try {
            Polling.until("watch live", PATIENCE, () -> resyncs(events) == 1);
            store.put("c", "before", Map.of("v", 1), null).block(PATIENCE);
            Polling.until("PUT before the restart", PATIENCE, () -> events.contains(KeyEvent.put("c", "before")));

            server.stop();
            StepVerifier.create(store.get("c", "before"))
                    .expectError(StoreUnavailableException.class)
                    .verify(Duration.ofSeconds(15));
            StepVerifier.create(store.put("c", "during", Map.of("v", 2), null))
                    .expectError(StoreUnavailableException.class)
                    .verify(Duration.ofSeconds(15));
            assertThat(resyncs(events)).isEqualTo(1);

            server.start();
            Polling.until("RESYNC after the LISTEN connection is back", PATIENCE, () -> resyncs(events) == 2);
            Polling.until("reads recover", PATIENCE, () -> {
                try {
                    return Map.of("v", 1).equals(store.get("c", "before").block(PATIENCE));
                } catch (StoreUnavailableException stillDown) {
                    return false;
                }
            });
            store.put("c", "after", Map.of("v", 3), null).block(PATIENCE);
            Polling.until("PUT after the restart", PATIENCE, () -> events.contains(KeyEvent.put("c", "after")));
            assertThat(events.get(0).type()).isEqualTo(KeyEvent.Type.RESYNC);
        } finally {
            watch.dispose();
            store.close();
        }
    }

    @Test
    void aStoreCannotBeBuiltAgainstADeadServerAndSaysSo() throws Exception {
        server.stop();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.server().builder("kv_store")
                            .connectTimeout(Duration.ofSeconds(2)).build())
                    .isInstanceOf(StoreUnavailableException.class);
        } finally {
            server.start();
        }
    }
}
