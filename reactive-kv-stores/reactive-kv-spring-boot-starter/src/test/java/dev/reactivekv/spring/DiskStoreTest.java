package dev.reactivekv.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/** The disk store (Chronicle Map, with the parent POM's JVM flags) as the application's store. */
class DiskStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theDiskStoreIsOpenedClosedWithTheContextAndReopenedByTheNext(@TempDir Path dir) {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ReactiveKvAutoConfiguration.class, ReactiveKvHealthAutoConfiguration.class))
                .withPropertyValues("reactivekv.uri=disk:" + dir.resolve("kv"), "reactivekv.collection-prefix=app");
        AtomicReference<KeyValueStore> first = new AtomicReference<>();
        runner.run(ctx -> {
            first.set(ctx.getBean(KeyValueStore.class));
            first.get().put("users", "alice", Map.of("name", "Alice")).block(WAIT);
            assertThat(ctx.getBean(ReactiveKvHealthIndicator.class).health().block(WAIT).getStatus()).isEqualTo(Status.UP);
        });
        StepVerifier.create(first.get().get("users", "alice")).expectError(StoreClosedException.class).verify(WAIT);
        // closing released the files: the next context opens the same store and reads what the first wrote
        runner.run(ctx -> {
            KeyValueStore store = ctx.getBean(KeyValueStore.class);
            assertThat(store.get("users", "alice").block(WAIT)).isEqualTo(Map.of("name", "Alice"));
            assertThat(store.collections().collectList().block(WAIT)).containsExactly("users");
        });
    }
}
