package dev.reactivekv.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreSetupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What coalescing promises beyond the kit, on a server of the test's own (its command counters are the
 * test's alone): concurrent gets leave as MGETs, each caller gets its own answer, a write order per key
 * survives batching, and a failed batch fails its own callers and nothing after it.
 */
class RedisCoalescingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int CALLS = 256;

    private OwnRedisServer server;
    private RawRedis raw;
    private KeyValueStore store;

    @BeforeEach
    void start() throws Exception {
        server = new OwnRedisServer();
        raw = RawRedis.standalone(server.port());
        store = RedisStore.builder(server.uri() + "?coalesce=true&coalesceMaxBatch=64").timeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        raw.close();
        server.close();
    }

    @Test
    void concurrentGetsLeaveAsFewMgetsAndEachCallerGetsItsOwnValueOrMiss() {
        for (int i = 0; i < CALLS; i += 2) {
            store.put("c", "k" + i, Map.of("i", i), null).block(PATIENCE);
        }
        long before = calls("get") + calls("mget");
        List<Map.Entry<Integer, Map<String, Object>>> answers = Flux.range(0, CALLS)
                .flatMap(i -> store.get("c", "k" + i).map(v -> Map.entry(i, v))
                        .defaultIfEmpty(Map.entry(i, Map.of())), CALLS)
                .collectList().block(PATIENCE);
        assertThat(answers).hasSize(CALLS);
        for (Map.Entry<Integer, Map<String, Object>> a : answers) {
            assertThat(a.getValue()).as("key k" + a.getKey())
                    .isEqualTo(a.getKey() % 2 == 0 ? Map.of("i", a.getKey()) : Map.of());
        }
        long commands = calls("get") + calls("mget") - before;
        assertThat(commands).as("GET and MGET commands for %d concurrent gets", CALLS).isLessThan(CALLS / 4);
        assertThat(calls("mget")).isPositive();
    }

    @Test
    void aCorruptEntryFailsOnlyItsOwnCallerInABatch() {
        for (int i = 0; i < 64; i++) {
            store.put("c", "k" + i, Map.of("i", i), null).block(PATIENCE);
        }
        raw.setBytes("c::k13", RedisStoreConformanceTest.GARBAGE);
        List<Object> answers = Flux.range(0, 64)
                .flatMapSequential(i -> store.get("c", "k" + i).<Object>map(v -> v)
                        .onErrorResume(KeyValueException.class, Mono::just), 64)
                .collectList().block(PATIENCE);
        for (int i = 0; i < 64; i++) {
            if (i == 13) {
                assertThat(answers.get(i)).isInstanceOf(DeserializationException.class);
            } else {
                assertThat(answers.get(i)).isEqualTo(Map.of("i", i));
            }
        }
    }

    @Test
    void putsOnOneKeyLandInCallOrderThroughBatchesWithAndWithoutExpiry() {
        // subscribed one after the other from this thread: call order is 0, 1, 2, …; with and without a TTL
        // alternating, each batch mixes MSET groups and SET … PX commands
        Flux.range(0, CALLS)
                .flatMap(i -> store.put("c", "same", Map.of("i", i), i % 3 == 0 ? Duration.ofMinutes(5) : null), CALLS)
                .then().block(PATIENCE);
        assertThat(store.get("c", "same").block(PATIENCE)).isEqualTo(Map.of("i", CALLS - 1));
        // the last put (255) had a TTL, the one before it none: reordered, the key would have no expiry
        assertThat(raw.sync().pttl("c::same")).isBetween(1L, Duration.ofMinutes(5).toMillis());
        assertThat(calls("mset")).as("puts without a TTL went out as MSETs").isPositive();
        assertThat(calls("mset") + calls("set")).isLessThan(CALLS);
    }

    @Test
    void aFailedBatchFailsItsOwnCallersAndLaterBatchesWork() {
        // a user that may touch only "ok::*": an MGET or MSET naming a "no::" key is refused as a whole
        raw.sync().aclSetuser("limited", io.lettuce.core.AclSetuserArgs.Builder.on().nopass().keyPattern("ok::*").allCommands());
        try (KeyValueStore limited = RedisStore.builder("redis://limited:any@127.0.0.1:" + server.port() + "/0?coalesce=true")
                .timeout(Duration.ofSeconds(5)).build()) {
            for (int i = 0; i < 32; i++) {
                limited.put("ok", "k" + i, Map.of("i", i), null).block(PATIENCE);
            }
            List<Object> answers = Flux.range(0, 33)
                    .flatMapSequential(i -> (i == 32 ? limited.get("no", "k") : limited.get("ok", "k" + i)).<Object>map(v -> v)
                            .onErrorResume(KeyValueException.class, Mono::just), 33)
                    .collectList().block(PATIENCE);
            assertThat(answers.get(32)).isInstanceOf(KeyValueException.class);
            assertThat(((Throwable) answers.get(32)).getCause()).hasMessageContaining("NOPERM");
            for (int i = 0; i < 32; i++) {
                // in the refused batch: that batch's error; in another batch: its own value
                Object a = answers.get(i);
                assertThat(a instanceof KeyValueException || a.equals(Map.of("i", i))).as("answer %d: %s", i, a).isTrue();
            }
            List<Map<String, Object>> after = Flux.range(0, 32).flatMapSequential(i -> limited.get("ok", "k" + i), 32)
                    .collectList().block(PATIENCE);
            List<Map<String, Object>> expected = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                expected.add(Map.of("i", i));
            }
            assertThat(after).as("batches after the failed one").isEqualTo(expected);
        }
    }

    @Test
    void onAClusterBatchesAreSplitBySlotAndEveryCallerGetsItsOwnAnswer() {
        String uri = "redis-cluster://" + String.join(",", RedisServers.clusterPorts().stream().map(p -> "127.0.0.1:" + p).toList())
                + "?coalesce=true";
        String collection = "coalesce-" + Long.toString(System.nanoTime(), 36);
        try (KeyValueStore cluster = RedisStore.builder(uri).timeout(Duration.ofSeconds(5)).build()) {
            Flux.range(0, 64)
                    .flatMap(i -> i % 4 == 3 ? Mono.empty()
                            : cluster.put(collection, "k" + i, Map.of("i", i), i % 2 == 0 ? Duration.ofMinutes(5) : null), 64)
                    .then().block(PATIENCE);
            List<Map<String, Object>> got = Flux.range(0, 64)
                    .flatMapSequential(i -> cluster.get(collection, "k" + i).defaultIfEmpty(Map.of()), 64)
                    .collectList().block(PATIENCE);
            for (int i = 0; i < 64; i++) {
                assertThat(got.get(i)).as("k" + i).isEqualTo(i % 4 == 3 ? Map.of() : Map.of("i", i));
            }
            cluster.destroyCollection(collection).block(PATIENCE);
        }
    }

    @Test
    void aBatchSizeBelowTwoIsRefused() {
        assertThatThrownBy(() -> RedisStore.builder(server.uri() + "?coalesceMaxBatch=1"))
                .isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("coalesceMaxBatch");
    }

    private static final Pattern CALLS_STAT = Pattern.compile("(?m)^cmdstat_(\\w+):calls=(\\d+)");

    private long calls(String command) {
        Matcher m = CALLS_STAT.matcher(raw.sync().info("commandstats"));
        while (m.find()) {
            if (m.group(1).equals(command)) {
                return Long.parseLong(m.group(2));
            }
        }
        return 0;
    }
}
