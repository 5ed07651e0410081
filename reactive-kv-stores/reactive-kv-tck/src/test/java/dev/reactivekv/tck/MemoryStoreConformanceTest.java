package dev.reactivekv.tck;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory store is the reference implementation: it runs every contract. */
class MemoryStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        OrderedScanContract, BadInputContract, ConcurrencyContract, WatchContract, ConditionalContract {

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return MemoryStore.builder().clock(clock).build();
    }

    @Test
    void aBoundedCollectionEvictsItsOldestEntries() {
        try (KeyValueStore bounded = MemoryStore.builder().maxEntriesPerCollection(500).build()) {
            for (int i = 0; i < 1000; i++) {
                bounded.put(collection(), "test_key_" + i, Map.of("test", "v" + i), null).block();
            }
            StepVerifier.create(bounded.get(collection(), "test_key_0")).verifyComplete();
            StepVerifier.create(bounded.get(collection(), "test_key_999")).expectNext(Map.of("test", "v999")).verifyComplete();
            assertThat(bounded.keys(collection()).count().block()).isEqualTo(500);
            // other collections have their own bound
            bounded.put(otherCollection(), "x", Map.of(), null).block();
            assertThat(bounded.getMany(collection(), List.of("test_key_500")).blockFirst().isHit()).isTrue();
        }
    }
}
