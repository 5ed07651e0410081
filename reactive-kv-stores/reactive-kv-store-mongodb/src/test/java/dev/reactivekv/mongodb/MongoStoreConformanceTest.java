package dev.reactivekv.mongodb;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
import dev.reactivekv.tck.CorruptEntryContract;
import dev.reactivekv.tck.CrossProcessWatchContract;
import dev.reactivekv.tck.OrderedScanContract;
import dev.reactivekv.tck.PersistenceContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.TtlContract;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Mono;

/**
 * The whole conformance kit against the MongoDB wire protocol of mongo-java-server in this JVM (see
 * docs/mongodb.md for what that server cannot judge). Outside writes use the raw driver in py-key-value's
 * shape: a {@code $set} upsert that leaves the server an ObjectId {@code _id}.
 */
class MongoStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        OrderedScanContract, BadInputContract, ConcurrencyContract, ConditionalContract, CrossProcessWatchContract,
        PersistenceContract, CorruptEntryContract {

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return MongoStore.builder().client(TestMongo.client()).clock(clock).build();
    }

    /** Keeps the shared server small: every test's collections are dropped. */
    @AfterEach
    void dropCollections() {
        store().destroyCollection(collection()).block(patience());
        store().destroyCollection(otherCollection()).block(patience());
    }

    @Override
    public long backendScanRequests() {
        return TestMongo.scanRequests();
    }

    static MongoCollection<Document> raw(String collection) {
        return TestMongo.client().getDatabase(MongoStore.DEFAULT_DATABASE)
                .getCollection(MongoStore.PY_KEY_VALUE_V1.sanitize(collection));
    }

    /** A document whose value is not {object: …}, under the real key. */
    @Override
    public void writeCorrupt(String collection, String key) {
        Document doc = new Document("key", key).append("version", 1).append("collection", collection)
                .append("created_at", new Date()).append("value", "not an object");
        Mono.from(raw(collection).insertOne(doc)).block(patience());
    }

    /** What py-key-value's MongoDBStore.put sends: update_one({key}, {$set: {key, …}}, upsert=True). */
    @Override
    public void writeFromOutside(String collection, String key, Map<String, Object> value) {
        Mono.from(raw(collection).updateOne(Filters.eq("key", key), Updates.combine(
                Updates.set("key", key), Updates.set("version", 1), Updates.set("collection", collection),
                Updates.set("created_at", Date.from(Instant.now())), Updates.set("value", new Document("object", new Document(value)))),
                new UpdateOptions().upsert(true))).block(patience());
    }

    @Override
    public void deleteFromOutside(String collection, String key) {
        Mono.from(raw(collection).deleteOne(Filters.eq("key", key))).block(patience());
    }
}
