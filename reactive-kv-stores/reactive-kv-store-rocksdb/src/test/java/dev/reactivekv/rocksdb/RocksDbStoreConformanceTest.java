package dev.reactivekv.rocksdb;

import java.nio.file.Path;
import java.time.Clock;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
import dev.reactivekv.tck.CorruptEntryContract;
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
        PersistenceContract, CorruptEntryContract {

    /** Not an envelope, not UTF-8, not even text. */
    private static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFE, 'n', 'o', 't', ' ', '{', 0, (byte) 0xC3};

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

    private RocksKeyValueStore rocks() {
        return (RocksKeyValueStore) createdStore();
    }

    /**
     * Iterators opened over the entries, counted where the store asks RocksDB for one. RocksDB's own
     * statistics ({@code NO_ITERATOR_CREATED}) cannot tell them from the expiry sweep's, which opens one on
     * the index every 100 ms whatever the scans do.
     */
    @Override
    public long backendScanRequests() {
        return rocks().entryIteratorsCreated();
    }

    /** Garbage put with the raw RocksDB handle (one process may open a database, so it is the store's) under the real key. */
    @Override
    public void writeCorrupt(String collection, String key) {
        try {
            rocks().rawDb().put(CompoundKeys.entry(collection, key), GARBAGE);
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }
}
