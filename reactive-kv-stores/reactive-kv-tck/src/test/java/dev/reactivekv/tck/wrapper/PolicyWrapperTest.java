package dev.reactivekv.tck.wrapper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivekv.error.EntryTooLargeException;
import dev.reactivekv.error.InvalidTtlException;
import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.tck.Polling;
import dev.reactivekv.error.EntryTooSmallException;
import dev.reactivekv.wrapper.Wrappers;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** TTL clamp, limit size, routing, default value and the passthrough cache's invalidation. */
class PolicyWrapperTest {

    static final Map<String, Object> V = Map.of("test", "v");

    private static long ttlSeconds(KeyValueStore s, String key) {
        return s.ttl("c", key).block().ttl().toSeconds();
    }

    @Test
    void ttlClampRaisesShortTtlsLowersLongOnesAndFillsMissingOnes() {
        KeyValueStore store = KeyValue.of(MemoryStore.create())
                .with(Wrappers.ttlClamp(Duration.ofSeconds(50), Duration.ofSeconds(100), Duration.ofSeconds(70))).build();
        store.put("c", "short", V, Duration.ofSeconds(5)).block();
        store.put("c", "long", V, Duration.ofDays(5)).block();
        store.put("c", "none", V, null).block();
        store.putMany("c", Map.of("many", V), Duration.ofSeconds(1)).block();
        assertThat(ttlSeconds(store, "short")).isCloseTo(50, within(1L));
        assertThat(ttlSeconds(store, "long")).isCloseTo(100, within(1L));
        assertThat(ttlSeconds(store, "none")).isCloseTo(70, within(1L));
        assertThat(ttlSeconds(store, "many")).isCloseTo(50, within(1L));
        StepVerifier.create(store.put("c", "bad", V, Duration.ofSeconds(-1))).expectError(InvalidTtlException.class).verify();
    }

    @Test
    void limitSizeRefusesOrSkips() {
        KeyValueStore raw = MemoryStore.create();
        Map<String, Object> big = Map.of("test", "x".repeat(100));
        KeyValueStore strict = KeyValue.of(raw).with(Wrappers.limitSize().min(15).max(50).raiseOnTooSmall(true)).build();
        StepVerifier.create(strict.put("c", "big", big, null)).expectError(EntryTooLargeException.class).verify();
        StepVerifier.create(strict.put("c", "small", Map.of(), null)).expectError(EntryTooSmallException.class).verify();
        StepVerifier.create(strict.put("c", "ok", Map.of("test", "v-long"), null)).verifyComplete(); // 18 chars
        KeyValueStore lenient = KeyValue.of(raw).with(Wrappers.limitSize().max(50).raiseOnTooLarge(false)).build();
        Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
        batch.put("fits", V);
        batch.put("big", big);
        StepVerifier.create(lenient.putMany("c", batch, null)).verifyComplete();
        StepVerifier.create(lenient.putIfAbsent("c", "big2", big, null)).expectNext(false).verifyComplete();
        assertThat(raw.keys("c").collectList().block()).containsExactly("fits", "ok");
    }

    @Test
    void routingByMapSendsCollectionsToTheirStores() {
        KeyValueStore main = MemoryStore.create();
        KeyValueStore users = MemoryStore.create();
        KeyValueStore store = KeyValue.of(main).with(Wrappers.routeCollections(Map.of("users", users))).build();
        store.put("users", "alice", V, null).block();
        store.put("orders", "1", V, null).block();
        assertThat(users.get("users", "alice").block()).isEqualTo(V);
        assertThat(main.get("users", "alice").block()).isNull();
        assertThat(main.get("orders", "1").block()).isEqualTo(V);
        assertThat(store.collections().collectList().block()).containsExactlyInAnyOrder("users", "orders");
        store.close();
        StepVerifier.create(users.get("users", "alice")).expectError(dev.reactivekv.error.StoreClosedException.class).verify();
    }

    @Test
    void defaultValueAnswersMissesWithoutWriting() {
        KeyValueStore raw = MemoryStore.create();
        KeyValueStore store = KeyValue.of(raw).with(Wrappers.defaultValue(Map.of("d", 1), Duration.ofSeconds(9))).build();
        StepVerifier.create(store.get("c", "k")).expectNext(Map.of("d", 1)).verifyComplete();
        assertThat(store.ttl("c", "k").block().ttl()).isEqualTo(Duration.ofSeconds(9));
        StepVerifier.create(store.exists("c", "k")).expectNext(false).verifyComplete();
        assertThat(raw.keys("c").collectList().block()).isEmpty();
    }

    @Test
    void cacheServesReadsAndIsInvalidatedByWritesAndByThePrimarysWatch() {
        KeyValueStore primary = MemoryStore.create();
        KeyValueStore cache = MemoryStore.create();
        KeyValueStore store = KeyValue.of(primary)
                .with(Wrappers.passthroughCache(cache).maxTtl(Duration.ofMinutes(5))).build();
        primary.put("c", "k", V, Duration.ofHours(1)).block();
        assertThat(store.get("c", "k").block()).isEqualTo(V);
        // copies are cached once the primary's watch on the collection is live
        Polling.until("the entry is cached", Duration.ofSeconds(10),
                () -> V.equals(store.get("c", "k").block()) && cache.get("c", "k").block() != null);
        assertThat(cache.ttl("c", "k").block().ttl()).isLessThanOrEqualTo(Duration.ofMinutes(5));
        // the version read through the cache is the primary's
        String version = store.ttl("c", "k").block().version();
        assertThat(version).isEqualTo(primary.ttl("c", "k").block().version());
        assertThat(store.ttl("c", "k").block().ttl()).isGreaterThan(Duration.ofMinutes(59));
        // a write through the wrapper drops the cached copy
        store.put("c", "k", Map.of("test", "v2"), null).block();
        assertThat(cache.get("c", "k").block()).isNull();
        assertThat(store.get("c", "k").block()).isEqualTo(Map.of("test", "v2"));
        // a write that bypasses the wrapper (another process) is seen through the primary's watch
        Polling.until("the entry is cached again", Duration.ofSeconds(10),
                () -> store.get("c", "k").block() != null && cache.get("c", "k").block() != null);
        primary.put("c", "k", Map.of("test", "v3"), null).block();
        Polling.until("foreign write invalidates the cache", Duration.ofSeconds(10),
                () -> Map.of("test", "v3").equals(store.get("c", "k").block()));
        assertThat(store.getMany("c", List.of("k", "none")).map(l -> l.isHit()).collectList().block()).containsExactly(true, false);
        store.close();
    }
}
