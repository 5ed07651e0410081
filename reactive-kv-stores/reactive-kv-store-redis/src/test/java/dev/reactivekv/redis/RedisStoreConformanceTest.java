package dev.reactivekv.redis;

import java.time.Clock;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.internal.codec.PyJson;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
import dev.reactivekv.tck.CorruptEntryContract;
import dev.reactivekv.tck.CrossProcessWatchContract;
import dev.reactivekv.tck.PersistenceContract;
import dev.reactivekv.tck.ScanContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.TtlContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/** The whole conformance kit against a real standalone redis-server. Subclasses point it at a cluster or Valkey. */
class RedisStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        ScanContract, BadInputContract, ConcurrencyContract, ConditionalContract, CrossProcessWatchContract,
        PersistenceContract, CorruptEntryContract {

    /** Not an envelope, not UTF-8, not even text: what a bad client or bit rot could leave under a key. */
    static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFE, 'n', 'o', 't', ' ', '{', 0, (byte) 0xC3};

    private RawRedis raw;

    protected String uri() {
        return "redis://127.0.0.1:" + RedisServers.redisPort() + "/0";
    }

    protected RawRedis openRaw() {
        return RawRedis.standalone(RedisServers.redisPort());
    }

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return RedisStore.builder(uri()).clock(clock).build();
    }

    private RawRedis raw() {
        if (raw == null) {
            raw = openRaw();
        }
        return raw;
    }

    /** Keeps the shared server small: every test's collections are removed (SCAN + UNLINK, never FLUSHDB). */
    @AfterEach
    void dropCollections() {
        store().destroyCollection(collection()).block(patience());
        store().destroyCollection(otherCollection()).block(patience());
    }

    @AfterAll
    void closeRaw() {
        if (raw != null) {
            raw.close();
        }
    }

    /** py-key-value's Redis envelope, written field by field as Python's json.dumps(sort_keys=True) does. */
    static String envelope(String collection, String key, String valueJson) {
        return "{\"collection\": " + PyJson.dumpsSorted(collection) + ", \"created_at\": \"2025-01-01T12:30:45.123456+00:00\", "
                + "\"key\": " + PyJson.dumpsSorted(key) + ", \"value\": " + valueJson + ", \"version\": 1}";
    }

    @Override
    public void writeFromOutside(String collection, String key, Map<String, Object> value) {
        String json = PyJson.dumpsSorted(value);
        raw().sync().set(collection + "::" + key, envelope(collection, key, json));
    }

    @Override
    public void deleteFromOutside(String collection, String key) {
        raw().sync().del(collection + "::" + key);
    }

    @Override
    public void writeCorrupt(String collection, String key) {
        raw().setBytes(collection + "::" + key, GARBAGE);
    }

    /**
     * SCAN repeats a key when the server shrinks its table between two steps of a walk; the UNLINKs of the
     * previous test's cleanup are enough (a clean-clone CI run saw {@code k000020} twice in 95 keys).
     */
    @Override
    public boolean listingMayRepeatKeys() {
        return true;
    }

    /**
     * SCAN commands as the server counts them ({@code INFO commandstats}, summed over every master of a
     * cluster). Nothing else runs SCAN on these servers while a test is running: test classes run one after
     * the other, and collections are dropped only after each test.
     */
    @Override
    public long backendScanRequests() {
        return raw().scanCalls();
    }
}
