package dev.reactivekv.tck.wrapper;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.tck.Polling;
import dev.reactivekv.wrapper.Wrappers;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default-value wrapper answers a miss with its default on purpose. Every kit case that
 * expects a miss from get/ttl/getMany/ttlMany is overridden below with the same steps, expecting
 * the default instead (marked "adapted"); {@code exists}, scans and watch are unchanged, so the
 * rest of the kit runs as is.
 */
class DefaultValueConformanceTest extends WrapperConformanceSupport {

    static final Map<String, Object> DEFAULT = Map.of("default", true);
    static final Duration DEFAULT_TTL = Duration.ofSeconds(42);

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        return KeyValue.of(memory).with(Wrappers.defaultValue(DEFAULT, DEFAULT_TTL)).build();
    }

    private void expectDefault(String collection, String key) {
        StepVerifier.create(store().get(collection, key)).expectNext(DEFAULT).verifyComplete();
    }

    private boolean isDefault(String key) {
        return DEFAULT.equals(store().get(collection(), key).block());
    }

    // adapted: BasicContract

    @Test
    @Override
    public void getOfMissingKeyIsEmpty() {
        expectDefault(collection(), "test");
    }

    @Test
    @Override
    public void ttlOfMissingKeyIsEmpty() {
        Entry e = store().ttl(collection(), "test").block();
        assertThat(e.value()).isEqualTo(DEFAULT);
        assertThat(e.ttl()).isEqualTo(DEFAULT_TTL);
        assertThat(e.createdAt()).isNull();
    }

    @Test
    @Override
    public void putThenGetReturnsTheValue() {
        expectDefault(collection(), "test");
        StepVerifier.create(store().put(collection(), "test", value("test"), null)).verifyComplete();
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("test")).verifyComplete();
    }

    @Test
    @Override
    public void overwriteReplacesTheValue() {
        store().put(collection(), "test", value("test"), null).block();
        store().put(collection(), "test", value("test_2"), null).block();
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("test_2")).verifyComplete();
        StepVerifier.create(store().delete(collection(), "test")).expectNext(true).verifyComplete();
        expectDefault(collection(), "test");
    }

    @Test
    @Override
    public void deleteTwiceIsTrueThenFalse() {
        store().put(collection(), "test", value("test"), null).block();
        StepVerifier.create(store().delete(collection(), "test")).expectNext(true).verifyComplete();
        StepVerifier.create(store().delete(collection(), "test")).expectNext(false).verifyComplete();
        expectDefault(collection(), "test");
    }

    @Test
    @Override
    public void destroyCollectionRemovesOnlyThatCollection() {
        store().put(collection(), "a", value("a"), null).block();
        store().put(collection(), "b", value("b"), null).block();
        store().put(otherCollection(), "a", value("other"), null).block();
        StepVerifier.create(store().destroyCollection(collection())).expectNext(true).verifyComplete();
        expectDefault(collection(), "a");
        StepVerifier.create(store().keys(collection())).verifyComplete();
        StepVerifier.create(store().get(otherCollection(), "a")).expectNext(value("other")).verifyComplete();
        StepVerifier.create(store().destroyCollection(collection())).expectNext(false).verifyComplete();
    }

    @Test
    @Override
    public void operationsAreLazyUntilSubscribed() {
        store().put(collection(), "test", value("test"), null); // never subscribed
        expectDefault(collection(), "test");
        StepVerifier.create(store().exists(collection(), "test")).expectNext(false).verifyComplete();
    }

    // adapted: BulkContract

    @Test
    @Override
    public void getManyAnswersInRequestOrderWithExplicitMisses() {
        store().put(collection(), "test", value("test"), null).block();
        store().put(collection(), "test_2", value("test_2"), null).block();
        List<Lookup> got = store().getMany(collection(), List.of("test_3", "test_2", "test", "test_2")).collectList().block();
        assertThat(got).extracting(Lookup::key).containsExactly("test_3", "test_2", "test", "test_2");
        assertThat(got).extracting(l -> l.value().orElse(null))
                .containsExactly(DEFAULT, value("test_2"), value("test"), value("test_2"));
    }

    @Test
    @Override
    public void deleteManyCountsWhatExisted() {
        Map<String, Map<String, Object>> two = new LinkedHashMap<>();
        two.put("test", value("test"));
        two.put("test_2", value("test_2"));
        store().putMany(collection(), two, null).block();
        StepVerifier.create(store().deleteMany(collection(), List.of("test", "test_2", "test_3", "test")))
                .expectNext(2L).verifyComplete();
        assertThat(store().getMany(collection(), List.of("test", "test_2")).map(l -> l.value().orElseThrow()).collectList().block())
                .containsExactly(DEFAULT, DEFAULT);
        StepVerifier.create(store().deleteMany(collection(), List.of("test", "test_2"))).expectNext(0L).verifyComplete();
    }

    @Test
    @Override
    public void putManyWithTtlAppliesItToEveryEntry() {
        Map<String, Map<String, Object>> two = new LinkedHashMap<>();
        two.put("test", value("test"));
        two.put("test_2", value("test_2"));
        store().putMany(collection(), two, Duration.ofSeconds(100)).block();
        List<Lookup> got = store().ttlMany(collection(), List.of("test", "test_2", "none")).collectList().block();
        for (int i = 0; i < 2; i++) {
            assertThat(got.get(i).entry().ttl().toMillis()).isCloseTo(100_000L, org.assertj.core.api.Assertions.within(2_000L));
        }
        assertThat(got.get(2).entry().value()).isEqualTo(DEFAULT);
        clock().advance(Duration.ofSeconds(101));
        assertThat(store().getMany(collection(), List.of("test", "test_2")).map(l -> l.value().orElseThrow()).collectList().block())
                .containsExactly(DEFAULT, DEFAULT);
    }

    // adapted: TtlContract

    @Test
    @Override
    public void expiredEntriesAreNeverReturned() {
        store().put(collection(), "test", value("test"), Duration.ofSeconds(10)).block();
        clock().advance(Duration.ofSeconds(9));
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("test")).verifyComplete();
        clock().advance(Duration.ofSeconds(2));
        expectDefault(collection(), "test");
        assertThat(store().ttl(collection(), "test").block().value()).isEqualTo(DEFAULT);
        StepVerifier.create(store().exists(collection(), "test")).expectNext(false).verifyComplete();
        assertThat(store().getMany(collection(), List.of("test")).collectList().block())
                .extracting(l -> l.value().orElseThrow()).containsExactly(DEFAULT);
    }

    @Test
    @Override
    public void anEntryExpiresAtExactlyItsExpiry() {
        store().put(collection(), "test", value("test"), Duration.ofHours(1)).block();
        Entry e = store().ttl(collection(), "test").block();
        clock().advance(Duration.between(clock().instant(), e.expiresAt()).plusMillis(1));
        expectDefault(collection(), "test");
    }

    @Test
    @Override
    public void entriesReallyExpireInRealTime() {
        store().put(collection(), "test", value("test"), Duration.ofMillis(300)).block();
        Polling.until("entry with 300 ms TTL expires", patience(), () -> isDefault("test"));
    }

    // adapted: ScanContract

    @Test
    @Override
    public void keysSkipsDeletedAndExpiredKeysAndOtherCollections() {
        Map<String, Map<String, Object>> five = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            five.put(String.format("k%06d", i), value("v"));
        }
        store().putMany(collection(), five, null).block();
        store().put(otherCollection(), "elsewhere", value("v"), null).block();
        store().delete(collection(), "k000001").block();
        store().put(collection(), "gone", value("v"), Duration.ofMillis(200)).block();
        Polling.until("200 ms entry expires", patience(), () -> isDefault("gone"));
        Polling.until("expired key leaves the scan", patience(),
                () -> !store().keys(collection()).collectList().block().contains("gone"));
        assertThat(store().keys(collection()).collectList().block())
                .containsExactlyInAnyOrder("k000000", "k000002", "k000003", "k000004");
    }

    // adapted: ConditionalContract

    @Test
    @Override
    public void compareAndSetNeverMatchesAnAbsentOrExpiredEntry() {
        StepVerifier.create(store().compareAndSet(collection(), "none", "1", value("x"), null))
                .expectNext(false).verifyComplete();
        // the default entry's version never matches either
        String defaultVersion = store().ttl(collection(), "none").block().version();
        StepVerifier.create(store().compareAndSet(collection(), "none", defaultVersion, value("x"), null))
                .expectNext(false).verifyComplete();
        expectDefault(collection(), "none");
        store().put(collection(), "k", value("old"), Duration.ofSeconds(5)).block();
        String version = store().ttl(collection(), "k").block().version();
        clock().advance(Duration.ofSeconds(6));
        StepVerifier.create(store().compareAndSet(collection(), "k", version, value("new"), null))
                .expectNext(false).verifyComplete();
    }

    // adapted: ConcurrencyContract (a missing key reads as the default, not as absent)

    private Mono<Boolean> worker(int w, int i) {
        String key = "test_" + w + "_" + i;
        Map<String, Object> v1 = Map.of("worker", w, "iteration", i);
        Map<String, Object> v2 = Map.of("worker", w, "iteration", i, "updated", true);
        return store().get(collection(), key).filter(DEFAULT::equals).hasElement()
                .flatMap(d -> check(d, key + " default at first"))
                .then(store().put(collection(), key, v1, null))
                .then(store().get(collection(), key)).flatMap(got -> check(v1.equals(got), key + " reads first write"))
                .then(store().put(collection(), key, v2, null))
                .then(store().get(collection(), key)).flatMap(got -> check(v2.equals(got), key + " reads overwrite"))
                .then(store().delete(collection(), key)).flatMap(d -> check(d, key + " deleted"))
                .then(store().get(collection(), key)).flatMap(got -> check(DEFAULT.equals(got), key + " default again"));
    }

    private static Mono<Boolean> check(boolean ok, String what) {
        return ok ? Mono.just(true) : Mono.error(new AssertionError(what));
    }

    @Test
    @Override
    public void concurrentWorkersDoNotInterfere() {
        Long done = Flux.range(0, 8)
                .flatMap(w -> Flux.range(0, 20).concatMap(i -> worker(w, i)).subscribeOn(Schedulers.parallel()))
                .count().block(patience());
        assertThat(done).isEqualTo(160);
    }
}
