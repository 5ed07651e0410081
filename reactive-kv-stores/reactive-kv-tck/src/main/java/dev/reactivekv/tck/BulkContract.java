package dev.reactivekv.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Lookup;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** getMany, putMany, deleteMany, ttlMany: one answer per requested key, in order, misses explicit. Mandatory. */
public interface BulkContract extends StoreContract {

    private Map<String, Map<String, Object>> twoEntries() {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        m.put("test", value("test"));
        m.put("test_2", value("test_2"));
        return m;
    }

    private List<Map<String, Object>> values(List<Lookup> lookups) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Lookup l : lookups) {
            out.add(l.value().orElse(null));
        }
        return out;
    }

    @Test
    default void putManyThenGetEach() {
        store().putMany(collection(), twoEntries(), null).block(patience());
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("test")).verifyComplete();
        StepVerifier.create(store().get(collection(), "test_2")).expectNext(value("test_2")).verifyComplete();
    }

    @Test
    default void getManyAnswersInRequestOrderWithExplicitMisses() {
        store().put(collection(), "test", value("test"), null).block(patience());
        store().put(collection(), "test_2", value("test_2"), null).block(patience());
        List<Lookup> got = store().getMany(collection(), List.of("test_3", "test_2", "test", "test_2")).collectList().block(patience());
        assertThat(got).extracting(Lookup::key).containsExactly("test_3", "test_2", "test", "test_2");
        assertThat(got).extracting(Lookup::isHit).containsExactly(false, true, true, true);
        assertThat(values(got)).containsExactly(null, value("test_2"), value("test"), value("test_2"));
    }

    @Test
    default void getManyOfNothingIsEmpty() {
        StepVerifier.create(store().getMany(collection(), List.of())).verifyComplete();
    }

    @Test
    default void putManyOfNothingCompletes() {
        StepVerifier.create(store().putMany(collection(), Map.of(), null)).verifyComplete();
    }

    @Test
    default void deleteManyCountsWhatExisted() {
        store().putMany(collection(), twoEntries(), null).block(patience());
        StepVerifier.create(store().deleteMany(collection(), List.of("test", "test_2", "test_3", "test")))
                .expectNext(2L).verifyComplete();
        assertThat(values(store().getMany(collection(), List.of("test", "test_2")).collectList().block(patience())))
                .containsExactly(null, null);
        StepVerifier.create(store().deleteMany(collection(), List.of("test", "test_2"))).expectNext(0L).verifyComplete();
    }

    @Test
    default void deleteManyOfMissingKeysIsZero() {
        StepVerifier.create(store().deleteMany(collection(), List.of("a", "b"))).expectNext(0L).verifyComplete();
    }

    @Test
    default void putManyWithTtlAppliesItToEveryEntry() {
        store().putMany(collection(), twoEntries(), Duration.ofSeconds(100)).block(patience());
        List<Lookup> got = store().ttlMany(collection(), List.of("test", "test_2", "none")).collectList().block(patience());
        for (int i = 0; i < 2; i++) {
            assertThat(got.get(i).entry().ttl().toMillis()).isCloseTo(100_000L, within(2_000L));
        }
        assertThat(got.get(2).isHit()).isFalse();
        clock().advance(Duration.ofSeconds(101));
        assertThat(values(store().getMany(collection(), List.of("test", "test_2")).collectList().block(patience())))
                .containsExactly(null, null);
    }

    @Test
    default void bulkOfManyKeysRoundTrips() {
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.put("test_" + i, value("test_" + i));
            keys.add("test_" + i);
        }
        store().putMany(collection(), entries, null).block(patience());
        List<Lookup> got = store().getMany(collection(), keys).collectList().block(patience());
        assertThat(got).hasSize(500).allMatch(Lookup::isHit);
        assertThat(values(got)).containsExactlyElementsOf(entries.values());
        StepVerifier.create(store().deleteMany(collection(), keys)).expectNext(500L).verifyComplete();
    }
}
