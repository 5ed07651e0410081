package dev.reactivekv.tck.wrapper;

import java.time.Clock;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.ScanStatistics;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
import dev.reactivekv.tck.OrderedScanContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.TtlContract;
import dev.reactivekv.tck.WatchContract;

/**
 * A wrapper over MemoryStore runs every contract MemoryStoreConformanceTest runs: the wrapper must
 * keep the whole contract (scans, watch, conditional writes included). Subclasses build the chain.
 */
abstract class WrapperConformanceSupport extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        OrderedScanContract, BadInputContract, ConcurrencyContract, WatchContract, ConditionalContract {

    private AbstractKeyValueStore first;

    /** The chain under test over {@code memory}; {@code clock} for any further store it needs. */
    protected abstract KeyValueStore wrap(KeyValueStore memory, Clock clock);

    protected static KeyValueStore memory(Clock clock) {
        return MemoryStore.builder().clock(clock).build();
    }

    @Override
    protected final KeyValueStore createStore(Clock clock) {
        KeyValueStore memory = memory(clock);
        if (first == null) {
            first = (AbstractKeyValueStore) memory;
        }
        return wrap(memory, clock);
    }

    /** Scans are counted by the MemoryStore under the wrapper of {@link #store()}. */
    @Override
    public ScanStatistics scanStatistics() {
        return first.scanStatistics();
    }
}
