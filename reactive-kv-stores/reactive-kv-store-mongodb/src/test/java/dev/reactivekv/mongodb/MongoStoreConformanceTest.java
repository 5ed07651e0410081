package dev.reactivekv.mongodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.codec.SanitizationStrategy;
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
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole conformance kit against the MongoDB wire protocol of mongo-java-server in this JVM (see
 * docs/mongodb.md for what that server cannot judge). Outside writes use the raw driver in py-key-value's
 * shape: a {@code $set} upsert that leaves the server an ObjectId {@code _id}.
 */
class MongoStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        OrderedScanContract, BadInputContract, ConcurrencyContract, ConditionalContract, CrossProcessWatchContract,
        PersistenceContract, CorruptEntryContract {

    /**
     * py-key-value's V1 rule with 100 instead of 200 characters: mongo-java-server caps namespaces at
     * 128 bytes where MongoDB allows 255 (V1's 200 plus the database name fit those).
     */
    static final SanitizationStrategy NAMES = SanitizationStrategy.hybrid(100, SanitizationStrategy.ALPHANUMERIC + "_");

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return MongoStore.builder().client(TestMongo.client()).sanitization(NAMES).clock(clock).build();
    }

    /**
     * mongo-java-server answers every range query with a scan and sort of the whole collection (MongoDB
     * walks the key index), so the kit's 100,000 keys would take it O(n²); 20,000 prove the same bound.
     */
    @Override
    public int largeScanSize() {
        return 20_000;
    }

    /**
     * Replaces the kit's microsecond check: BSON dates hold milliseconds (pymongo writes them so), so the
     * stored creation time is cut to the millisecond and the expiry rounded up to the next one: an entry
     * never expires before its TTL, and whole-millisecond TTLs (every other TTL test) are kept exactly.
     */
    @Override
    @Test
    public void expiryIsStoredToTheMicrosecond() {
        Duration ttl = Duration.ofSeconds(7).plus(123_456, ChronoUnit.MICROS);
        store().put(collection(), "test", value("test"), ttl).block(patience());
        Entry e = store().ttl(collection(), "test").block(patience());
        assertThat(e.createdAt().getNano() % 1_000_000).isZero();
        assertThat(Duration.between(e.createdAt(), e.expiresAt())).isEqualTo(Duration.ofMillis(7_124));
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
                .getCollection(NAMES.sanitize(collection));
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
