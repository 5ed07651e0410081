package dev.reactivekv.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.error.StoreClosedException;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.redis.RedisServers;
import dev.reactivekv.wrapper.Wrappers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/** The auto-configuration in real application contexts against the real Redis of the test run. */
class ReactiveKvAutoConfigurationTest {

    static final String REDIS = "redis://127.0.0.1:" + RedisServers.redisPort() + "/0";
    /** Two Fernet keys (32 bytes, url-safe base64). */
    static final String KEY = "znx7rVYt4roVgu3ymt5sIYFmfMNGEPbm8AShXQv6CY4=";
    static final String OTHER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReactiveKvAutoConfiguration.class, ReactiveKvHealthAutoConfiguration.class));
    private final String collection = "starter-" + UUID.randomUUID();
    /** The Redis store as it is, without the application's wrappers; one for the class. */
    private static KeyValueStore raw;

    @BeforeAll
    static void openRawStore() {
        raw = KeyValueStores.open(REDIS);
    }

    @AfterAll
    static void closeRawStore() {
        raw.close();
    }

    @AfterEach
    void cleanUp() {
        for (String c : new String[] {collection, "app__" + collection}) {
            raw.destroyCollection(c).block(WAIT);
        }
    }

    /** The raw store read through {@code key} (not closed: it would close the raw store). */
    private static KeyValueStore decryptedWith(String key) {
        return Wrappers.encryption().key(key).wrap(raw);
    }

    @Test
    void theStoreBeanIsTheStoreOfTheUri() {
        runner.withPropertyValues("reactivekv.uri=" + REDIS).run(ctx -> {
            assertThat(ctx).hasSingleBean(KeyValueStore.class);
            KeyValueStore store = ctx.getBean(KeyValueStore.class);
            store.put(collection, "alice", Map.of("name", "Alice")).block(WAIT);
            assertThat(raw.get(collection, "alice").block(WAIT)).isEqualTo(Map.of("name", "Alice"));
        });
    }

    @Test
    void withoutAUriTheStoreIsInMemory() {
        runner.run(ctx -> {
            KeyValueStore store = ctx.getBean(KeyValueStore.class);
            store.put(collection, "alice", Map.of("name", "Alice")).block(WAIT);
            assertThat(store.get(collection, "alice").block(WAIT)).isEqualTo(Map.of("name", "Alice"));
            assertThat(raw.exists(collection, "alice").block(WAIT)).isFalse();
        });
    }

    @Test
    void wrappersApplyInTheirOrderPrefixOutsideCompressionOutsideEncryption() {
        Map<String, Object> value = Map.of("name", "Alice", "note", "x".repeat(2000));
        runner.withPropertyValues("reactivekv.uri=" + REDIS, "reactivekv.collection-prefix=app",
                "reactivekv.encryption.key=" + KEY, "reactivekv.compression.enabled=true").run(ctx -> {
            KeyValueStore store = ctx.getBean(KeyValueStore.class);
            store.put(collection, "alice", value).block(WAIT);
            assertThat(store.get(collection, "alice").block(WAIT)).isEqualTo(value);

            // the raw store holds the prefixed collection, and in it ciphertext only
            assertThat(raw.exists(collection, "alice").block(WAIT)).isFalse();
            Map<String, Object> stored = raw.get("app__" + collection, "alice").block(WAIT);
            assertThat(stored).containsKey("__encrypted_data__").doesNotContainKeys("name", "__compressed_data__");
            // decrypted, it is the compressed envelope: compressed first, then encrypted
            assertThat(decryptedWith(KEY).get("app__" + collection, "alice").block(WAIT))
                    .containsKey("__compressed_data__").doesNotContainKey("name");
        });
    }

    @Test
    void theEncryptionKeysComeFromAFileTheFirstEncrypting(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("kv.key"), "# the first key encrypts\n\n" + OTHER_KEY + "\n" + KEY + "\n");
        runner.withPropertyValues("reactivekv.uri=" + REDIS, "reactivekv.encryption.key-file=" + file).run(ctx -> {
            KeyValueStore store = ctx.getBean(KeyValueStore.class);
            store.put(collection, "alice", Map.of("name", "Alice")).block(WAIT);
            assertThat(raw.get(collection, "alice").block(WAIT)).containsKey("__encrypted_data__");
            assertThat(decryptedWith(OTHER_KEY).get(collection, "alice").block(WAIT)).isEqualTo(Map.of("name", "Alice"));
        });
    }

    @Test
    void theTtlClampLowersLongTtlsAndGivesOneToWritesWithout() {
        runner.withPropertyValues("reactivekv.uri=" + REDIS, "reactivekv.ttl.max=20s", "reactivekv.ttl.if-missing=10s").run(ctx -> {
            KeyValueStore store = ctx.getBean(KeyValueStore.class);
            store.put(collection, "long", Map.of("v", 1), Duration.ofHours(1)).block(WAIT);
            store.put(collection, "none", Map.of("v", 2)).block(WAIT);
            assertThat(remaining(raw.ttl(collection, "long").block(WAIT))).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
            assertThat(remaining(raw.ttl(collection, "none").block(WAIT))).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
        });
    }

    private static Duration remaining(Entry entry) {
        return entry.remaining().orElseThrow();
    }

    @Test
    void metersCountOnTheApplicationsRegistryUnderTheCallersCollection() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("reactivekv.uri=" + REDIS, "reactivekv.collection-prefix=app").run(ctx -> {
            KeyValueStore store = ctx.getBean(KeyValueStore.class);
            store.put(collection, "alice", Map.of("name", "Alice")).block(WAIT);
            store.get(collection, "alice").block(WAIT);
            store.get(collection, "bob").block(WAIT);
            MeterRegistry registry = ctx.getBean(MeterRegistry.class);
            assertThat(registry.get("reactivekv.puts").tag("collection", collection).counter().count()).isEqualTo(1);
            assertThat(registry.get("reactivekv.hits").tag("collection", collection).counter().count()).isEqualTo(1);
            assertThat(registry.get("reactivekv.misses").tag("collection", collection).counter().count()).isEqualTo(1);
            // one timer per outcome: block() may cancel a get after its value (outcome "cancelled")
            assertThat(registry.get("reactivekv.latency").tag("operation", "get").timers().stream()
                    .mapToLong(Timer::count).sum()).isEqualTo(2);
        });
    }

    @Test
    void metersCanBeTurnedOffOrRenamed() {
        ApplicationContextRunner withRegistry = runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new);
        withRegistry.withPropertyValues("reactivekv.metrics.enabled=false").run(ctx -> {
            assertThat(ctx).doesNotHaveBean(ReactiveKvMetrics.class);
            ctx.getBean(KeyValueStore.class).put(collection, "a", Map.of("v", 1)).block(WAIT);
            assertThat(ctx.getBean(MeterRegistry.class).find("reactivekv.puts").counter()).isNull();
        });
        withRegistry.withPropertyValues("reactivekv.metrics.prefix=cache", "reactivekv.metrics.tag-collections=false").run(ctx -> {
            ctx.getBean(KeyValueStore.class).put(collection, "a", Map.of("v", 1)).block(WAIT);
            assertThat(ctx.getBean(MeterRegistry.class).get("cache.puts").tag("collection", "*").counter().count()).isEqualTo(1);
        });
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(ReactiveKvMetrics.class));
    }

    @Test
    void healthIsUpForALiveStore() {
        runner.withPropertyValues("reactivekv.uri=" + REDIS).run(ctx -> {
            ReactiveKvHealthIndicator health = ctx.getBean(ReactiveKvHealthIndicator.class);
            assertThat(health.health().block(WAIT).getStatus()).isEqualTo(Status.UP);
        });
        runner.withPropertyValues("management.health.reactivekv.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(ReactiveKvHealthIndicator.class));
    }

    @Test
    void withoutActuatorAndMicrometerThereIsTheStoreAlone() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class, MeterRegistry.class)).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(KeyValueStore.class)
                    .doesNotHaveBean(ReactiveKvHealthIndicator.class).doesNotHaveBean(ReactiveKvMetrics.class);
        });
    }

    @Test
    void theStoreIsClosedWhenTheContextCloses() {
        AtomicReference<KeyValueStore> bean = new AtomicReference<>();
        runner.withPropertyValues("reactivekv.uri=" + REDIS).run(ctx -> {
            bean.set(ctx.getBean(KeyValueStore.class));
            StepVerifier.create(bean.get().exists(collection, "k")).expectNext(false).expectComplete().verify(WAIT);
        });
        StepVerifier.create(bean.get().exists(collection, "k")).expectError(StoreClosedException.class).verify(WAIT);
    }

    @Test
    void anApplicationsOwnStoreWinsAndNothingIsOpened() {
        KeyValueStore mine = MemoryStore.create();
        // a URI nobody can open: the starter must not even try
        runner.withBean("myStore", KeyValueStore.class, () -> mine)
                .withPropertyValues("reactivekv.uri=nosuch://nowhere").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(KeyValueStore.class);
            assertThat(ctx.getBean(KeyValueStore.class)).isSameAs(mine);
            assertThat(ctx.getBean(ReactiveKvHealthIndicator.class).health().block(WAIT).getStatus()).isEqualTo(Status.UP);
        });
        MeterRegistry myRegistry = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("reactiveKvHealthIndicator", ReactiveKvHealthIndicator.class, () -> new ReactiveKvHealthIndicator(mine, WAIT))
                .withBean(ReactiveKvMetrics.class, () -> new ReactiveKvMetrics(myRegistry, "mine", false))
                .run(ctx -> {
            assertThat(ctx).hasSingleBean(ReactiveKvHealthIndicator.class).hasSingleBean(ReactiveKvMetrics.class);
            ctx.getBean(KeyValueStore.class).put(collection, "a", Map.of("v", 1)).block(WAIT);
            assertThat(myRegistry.get("mine.puts").counter().count()).isEqualTo(1);
            assertThat(ctx.getBean(MeterRegistry.class).find("reactivekv.puts").counter()).isNull();
        });
    }
}
