package dev.reactivekv.disk;

import java.nio.file.Path;
import java.time.Clock;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
import dev.reactivekv.tck.OrderedScanContract;
import dev.reactivekv.tck.PersistenceContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.TtlContract;
import dev.reactivekv.tck.WatchContract;
import org.junit.jupiter.api.io.TempDir;

/** The whole kit against one store directory; {@code newStore()} opens the same directory again. */
class DiskStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        OrderedScanContract, BadInputContract, ConcurrencyContract, WatchContract, ConditionalContract,
        PersistenceContract {

    @TempDir
    static Path directory;

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return DiskStore.builder().directory(directory).clock(clock).build();
    }
}
