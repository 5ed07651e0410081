package dev.reactivekv.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.tck.Polling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** A server of the test's own is stopped mid-scan and mid-watch, then restarted. */
class RedisFaultTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private OwnRedisServer server;
    private KeyValueStore store;

    @BeforeEach
    void start() throws Exception {
        server = new OwnRedisServer();
        store = RedisStore.builder(server.uri()).timeout(Duration.ofSeconds(3)).build();
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.close();
    }

    @Test
    void aScanInFlightFailsWithStoreUnavailableWhenTheServerGoesAway() {
        Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            batch.put("k" + i, Map.of("i", i));
        }
        store.putMany("c", batch, null).block(PATIENCE);
        StepVerifier.create(store.keys("c", ScanOptions.all().withPageSize(10)), 0)
                .thenRequest(5)
                .expectNextCount(5)
                .then(() -> {
                    try {
                        server.stop();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(k -> true)
                .expectError(StoreUnavailableException.class)
                .verify(PATIENCE);
    }

    @Test
    void aWatchResyncsAfterTheServerIsBackAndEventsResume() throws Exception {
        StepVerifier.create(store.watch("w"))
                .expectNextMatches(e -> e.type() == KeyEvent.Type.RESYNC)
                .then(() -> store.put("w", "before", Map.of("v", 1), null).block(PATIENCE))
                .expectNext(KeyEvent.put("w", "before"))
                .then(() -> {
                    try {
                        server.stop();
                        server.start(); // empty again, notifications off again: the store re-enables them
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .expectNextMatches(e -> e.type() == KeyEvent.Type.RESYNC)
                .then(() -> Polling.until("commands work again", PATIENCE, () -> store.put("w", "after", Map.of("v", 2), null)
                        .thenReturn(true).onErrorResume(e -> Mono.just(false)).block(PATIENCE)))
                .expectNext(KeyEvent.put("w", "after"))
                .thenCancel()
                .verify(PATIENCE);
    }

    /**
     * Lettuce's default doubles the pause between reconnect attempts up to 30 s, so after an outage of T seconds
     * (a restart, Sentinels agreeing on a failover) a store would come back up to T seconds after the server did.
     */
    @Test
    void reconnectAttemptsPauseAtMostOneSecondHoweverLongTheOutage() {
        var delay = ((RedisKeyValueStore) store).topology().client().getResources().reconnectDelay();
        for (long attempt = 1; attempt <= 64; attempt++) {
            assertThat(delay.createDelay(attempt)).as("pause before reconnect attempt " + attempt)
                    .isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(delay.createDelay(64)).as("it still backs off").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void watchFailsNamingTheSettingWhenItMayNotChangeIt() {
        try (KeyValueStore strict = RedisStore.builder(server.uri()).configureNotifications(false).build()) {
            StepVerifier.create(strict.watch("x"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreSetupException.class)
                            .hasMessageContaining("notify-keyspace-events"))
                    .verify(PATIENCE);
        }
    }
}
