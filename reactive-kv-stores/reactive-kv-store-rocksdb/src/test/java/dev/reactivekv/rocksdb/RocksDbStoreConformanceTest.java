package dev.reactivekv.rocksdb;

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

/**
 * The whole conformance kit against a real RocksDB database.
 *
 * <p>RocksDB allows one open handle per directory, and the class-wide {@link #store()} stays open
 * for the whole class. So the class store lives in one directory and {@link #newStore()} opens a
 * second one: the tests that call it (persistence, close, watch completion) close each store before
 * opening the next, which is exactly what reopening the same directory requires.
 */
class RocksDbStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        OrderedScanContract, BadInputContract, ConcurrencyContract, WatchContract, ConditionalContract,
        PersistenceContract {

    private final Path classDir = TestDirs.fresh("class");
    private final Path reopenedDir = TestDirs.fresh("reopened");

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return RocksDbStore.builder().path(classDir).clock(clock).build();
    }

    @Override
    public KeyValueStore newStore() {
        return RocksDbStore.builder().path(reopenedDir).clock(clock()).build();
    }
}
