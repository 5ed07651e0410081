package dev.reactivekv.memcached;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
import dev.reactivekv.tck.CorruptEntryContract;
import dev.reactivekv.tck.PersistenceContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.TtlContract;
import org.junit.jupiter.api.AfterAll;

/**
 * The conformance kit against the real memcached the test command starts. memcached cannot list or
 * watch keys, so ScanContract and the watch contracts do not apply (the store does not declare SCAN
 * or WATCH); everything else runs. PersistenceContract runs although PERSISTENT is not declared:
 * what a store writes survives reopening the store (not a server restart, and not eviction).
 */
class MemcachedStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        BadInputContract, ConcurrencyContract, ConditionalContract, CorruptEntryContract, PersistenceContract {

    private RawMemcached raw;

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return MemcachedStore.builder(MemcachedServers.uri()).clock(clock).build();
    }

    private RawMemcached raw() {
        if (raw == null) {
            raw = new RawMemcached(MemcachedServers.port());
        }
        return raw;
    }

    @AfterAll
    void closeRaw() {
        if (raw != null) {
            raw.close();
        }
    }

    @Override
    public void writeCorrupt(String collection, String key) {
        raw().set(MemcachedKeys.physical(collection, key), "not json {".getBytes(StandardCharsets.UTF_8), 0);
    }
}
