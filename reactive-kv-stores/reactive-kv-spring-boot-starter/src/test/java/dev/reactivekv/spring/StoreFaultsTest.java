package dev.reactivekv.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.redis.OwnRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/**
 * The health indicator, timeout and retry against a redis-server of the test's own, stopped (a dead port)
 * or paused ({@code CLIENT PAUSE}: connected, but no answer) under a running context.
 */
class StoreFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private OwnRedisServer server;
    private ApplicationContextRunner runner;

    @BeforeEach
    void startServer() throws Exception {
        server = new OwnRedisServer();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ReactiveKvAutoConfiguration.class, ReactiveKvHealthAutoConfiguration.class))
                .withPropertyValues("reactivekv.uri=" + server.uri());
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    /** Makes the server hold every client's commands for {@code pause}, from a connection of its own. */
    private void pauseServer(Duration pause) {
        RedisClient client = RedisClient.create(server.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().clientPause(pause.toMillis());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static Health checkWithin(ReactiveKvHealthIndicator indicator, Duration bound) {
        long start = System.nanoTime();
        Health health = indicator.health().block(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound);
        return health;
    }

    @Test
    void healthIsDownAtOnceWhenTheServerIsGone() {
        // a long timeout: DOWN must come from the failed call itself, not from waiting for the timeout
        runner.withPropertyValues("reactivekv.health.timeout=30s").run(ctx -> {
            ReactiveKvHealthIndicator indicator = ctx.getBean(ReactiveKvHealthIndicator.class);
            assertThat(checkWithin(indicator, WAIT).getStatus()).isEqualTo(Status.UP);
            server.stop();
            Health down = checkWithin(indicator, WAIT);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(down.getDetails().get("error")))
                    .contains(StoreUnavailableException.class.getName()).doesNotContain("did not answer");
        });
    }

    @Test
    void healthIsDownAfterItsTimeoutWhenTheServerDoesNotAnswer() {
        runner.withPropertyValues("reactivekv.health.timeout=500ms").run(ctx -> {
            ReactiveKvHealthIndicator indicator = ctx.getBean(ReactiveKvHealthIndicator.class);
            pauseServer(Duration.ofSeconds(20));
            Health down = checkWithin(indicator, WAIT);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(down.getDetails().get("error"))).contains("did not answer within PT0.5S");
        });
    }

    @Test
    void theTimeoutFailsACallTheServerDoesNotAnswer() {
        runner.withPropertyValues("reactivekv.timeout=200ms").run(ctx -> {
            KeyValueStore store = ctx.getBean(KeyValueStore.class);
            pauseServer(Duration.ofSeconds(20));
            StepVerifier.create(store.get("c", "k")).expectError(StoreTimeoutException.class).verify(WAIT);
        });
    }

    @Test
    void retriesOutlastAShortPauseAndTheMetersSeeOneCall() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("reactivekv.timeout=200ms", "reactivekv.retry.enabled=true", "reactivekv.retry.max-retries=20",
                        "reactivekv.retry.initial-delay=50ms", "reactivekv.retry.max-delay=200ms").run(ctx -> {
            KeyValueStore store = ctx.getBean(KeyValueStore.class);
            store.put("c", "k", Map.of("v", 1)).block(WAIT);
            pauseServer(Duration.ofMillis(800));
            StepVerifier.create(store.get("c", "k")).expectNext(Map.of("v", 1)).expectComplete().verify(WAIT);
            MeterRegistry registry = ctx.getBean(MeterRegistry.class);
            // meters are outermost: one successful get, whatever the timed-out attempts under the retry
            assertThat(registry.get("reactivekv.hits").tag("operation", "get").counter().count()).isEqualTo(1);
            assertThat(registry.find("reactivekv.errors").counter()).isNull();
        });
    }
}
