package dev.reactivekv.dynamodb;

import java.time.Clock;
import java.util.Map;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole conformance kit against a real dynalite server. Scan evidence is counted at the SDK, by an
 * execution interceptor on the store's own client that sees every Query and Scan request go out.
 */
class DynamoDbStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        OrderedScanContract, BadInputContract, ConcurrencyContract, ConditionalContract, PersistenceContract,
        CorruptEntryContract {

    static final String TABLE = "rkv-conformance";

    private final RequestCounter requests = new RequestCounter();
    private final DynamoDbAsyncClient raw = Dynalite.rawClient();

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return Dynalite.store(TABLE, requests).clock(clock).build();
    }

    /**
     * dynalite writes about 500 items a second here, so the kit's 100,000 keys would cost CI minutes; 20,000
     * keys are 200 pages of the same one-Query-per-demand path.
     */
    @Override
    public int largeScanSize() {
        return 20_000;
    }

    @Override
    public long backendScanRequests() {
        return requests.count("Query") + requests.count("Scan");
    }

    @Override
    public void writeCorrupt(String collection, String key) {
        raw.putItem(b -> b.tableName(TABLE).item(Map.of("collection", AttributeValue.fromS(collection),
                "key", AttributeValue.fromS(key), "value", AttributeValue.fromS("not json {")))).join();
    }

    /** Keeps the shared table small: every test's collections are removed. */
    @AfterEach
    void dropCollections() {
        store().destroyCollection(collection()).block(java.time.Duration.ofMinutes(5)); // 100,000 keys after the demand test
        store().destroyCollection(otherCollection()).block(java.time.Duration.ofMinutes(5));
    }

    @AfterAll
    void closeRaw() {
        raw.close();
    }
}
