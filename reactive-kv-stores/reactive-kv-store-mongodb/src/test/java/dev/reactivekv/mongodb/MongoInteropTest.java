package dev.reactivekv.mongodb;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored document, field by field, against py-key-value's MongoDB layout (its {@code stores/mongodb/store.py}:
 * {@code update_one({key}, {$set: {key, version, collection, created_at, expires_at, value: {object}}}, upsert)}
 * under {@code MongoDBV1CollectionSanitizationStrategy}), both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final String c = "interop_" + UUID.randomUUID().toString().replace("-", "");
    private final String named = "Interop ünï-" + UUID.randomUUID();

    @AfterAll
    void drop() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.destroyCollection(c).block(WAIT);
            s.destroyCollection(named).block(WAIT);
        }
    }

    private static KeyValueStore store(Clock clock) {
        return MongoStore.builder().client(TestMongo.client()).clock(clock).build();
    }

    private static MongoCollection<BsonDocument> raw(String physical) {
        return TestMongo.client().getDatabase("kv-store-adapter").getCollection(physical, BsonDocument.class);
    }

    private static BsonDocument rawDoc(String physical, String key) {
        return Mono.from(raw(physical).find(Filters.eq("key", key)).first()).block(WAIT);
    }

    @Test
    void aWrittenEntryIsPyKeyValuesDocument() {
        Instant now = Instant.parse("2030-01-01T12:30:45.123456Z");
        try (KeyValueStore s = store(Clock.fixed(now, ZoneOffset.UTC))) {
            s.put(c, "k", Map.of("a", 1.5, "b", 1, "big", 10_000_000_000L, "huge", BigInteger.TWO.pow(70),
                    "list", List.of(true, "x"), "nested", Map.of("z", 0)), Duration.ofSeconds(10)).block(WAIT);
        }
        BsonDocument doc = rawDoc(c, "k");
        // the names and order pymongo's upsert of py-key-value's $set produces, plus _id first
        assertThat(new ArrayList<>(doc.keySet()))
                .containsExactly("_id", "key", "version", "collection", "created_at", "expires_at", "value");
        assertThat(doc.getString("_id").getValue()).isEqualTo("k");
        assertThat(doc.getString("key").getValue()).isEqualTo("k");
        assertThat(doc.get("version").getBsonType()).isEqualTo(BsonType.INT32);
        assertThat(doc.getInt32("version").getValue()).isEqualTo(1);
        assertThat(doc.getString("collection").getValue()).isEqualTo(c);
        assertThat(doc.getDateTime("created_at").getValue()).isEqualTo(Instant.parse("2030-01-01T12:30:45.123Z").toEpochMilli());
        assertThat(doc.getDateTime("expires_at").getValue()).isEqualTo(Instant.parse("2030-01-01T12:30:55.123Z").toEpochMilli());
        BsonDocument value = doc.getDocument("value");
        assertThat(value.keySet()).containsExactly("object");
        BsonDocument object = value.getDocument("object");
        assertThat(object.get("a").getBsonType()).isEqualTo(BsonType.DOUBLE);
        assertThat(object.get("b").getBsonType()).isEqualTo(BsonType.INT32);
        assertThat(object.get("big").getBsonType()).isEqualTo(BsonType.INT64);
        assertThat(object.get("huge").getBsonType()).isEqualTo(BsonType.DECIMAL128);
        assertThat(object.getArray("list").get(0).asBoolean().getValue()).isTrue();
        assertThat(object.getDocument("nested").getInt32("z").getValue()).isZero();
    }

    @Test
    void indexesAreAUniqueKeyIndexAndATtlIndexOnExpiresAt() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.put(c, "indexed", Map.of(), null).block(WAIT);
        }
        List<Document> indexes = Flux.from(raw(c).listIndexes()).collectList().block(WAIT);
        assertThat(indexes).anySatisfy(i -> {
            assertThat(i.get("key", Document.class)).isEqualTo(new Document("key", 1));
            assertThat(i.getBoolean("unique")).isTrue();
        });
        assertThat(indexes).anySatisfy(i -> {
            assertThat(i.get("key", Document.class)).isEqualTo(new Document("expires_at", 1));
            assertThat(((Number) i.get("expireAfterSeconds")).longValue()).isZero();
        });
    }

    @Test
    void readsADocumentPyKeyValueWroteAndOverwritesItWithoutItsOldExpiry() {
        Date created = Date.from(Instant.parse("2030-01-01T00:00:00Z"));
        Date expires = Date.from(Instant.parse("2030-01-01T00:00:10.500Z"));
        // py-key-value's put, as pymongo sends it: the server gives the new document an ObjectId
        Mono.from(TestMongo.client().getDatabase("kv-store-adapter").getCollection(c).updateOne(Filters.eq("key", "py"),
                Updates.combine(Updates.set("key", "py"), Updates.set("version", 1), Updates.set("collection", c),
                        Updates.set("created_at", created), Updates.set("expires_at", expires),
                        Updates.set("value", new Document("object", new Document("name", "Zoë ☃").append("n", 1.0)
                                .append("list", List.of(1, List.of(2, "x")))))),
                new UpdateOptions().upsert(true))).block(WAIT);
        try (KeyValueStore s = store(Clock.fixed(Instant.parse("2030-01-01T00:00:05Z"), ZoneOffset.UTC))) {
            Entry e = s.ttl(c, "py").block(WAIT);
            assertThat(e.value()).isEqualTo(Map.of("name", "Zoë ☃", "n", 1.0, "list", List.of(1, List.of(2, "x"))));
            assertThat(e.createdAt()).isEqualTo(created.toInstant());
            assertThat(e.expiresAt()).isEqualTo(expires.toInstant());
            assertThat(e.ttl()).isEqualTo(Duration.ofMillis(5_500));

            s.put(c, "py", Map.of("v", 2), null).block(WAIT);
        }
        BsonDocument doc = rawDoc(c, "py");
        assertThat(doc.get("_id").getBsonType()).as("Python's document keeps its _id").isEqualTo(BsonType.OBJECT_ID);
        assertThat(doc.containsKey("expires_at")).as("a put without TTL clears py-key-value's old expiry").isFalse();
        assertThat(doc.getDocument("value").getDocument("object").getInt32("v").getValue()).isEqualTo(2);
    }

    @Test
    void aValueStoredAsJsonTextIsReadToo() {
        Mono.from(raw(c).insertOne(new BsonDocument("_id", new org.bson.BsonObjectId(new ObjectId()))
                .append("key", new org.bson.BsonString("text")).append("version", new org.bson.BsonInt32(1))
                .append("created_at", new org.bson.BsonDateTime(0))
                .append("value", new BsonDocument("object", new org.bson.BsonString("{\"a\": [1, 2.5]}"))))).block(WAIT);
        try (KeyValueStore s = store(Clock.systemUTC())) {
            assertThat(s.get(c, "text").block(WAIT)).isEqualTo(Map.of("a", List.of(1, 2.5)));
        }
    }

    @Test
    void aSanitizedCollectionNameMapsBackThroughTheStoredOriginal() {
        String physical = MongoStore.PY_KEY_VALUE_V1.sanitize(named);
        assertThat(physical).startsWith("S_Interop_n_").matches("S_[A-Za-z0-9_]+-[0-9a-f]{8}");
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.put(named, "k", Map.of("v", 1), null).block(WAIT);
            assertThat(rawDoc(physical, "k").getString("collection").getValue()).isEqualTo(named);
            assertThat(s.collections().collectList().block(WAIT)).contains(named).doesNotContain(physical);
        }
    }

    @Test
    void theProviderOpensMongodbUris() {
        try (KeyValueStore s = KeyValueStores.open(TestMongo.uri() + "/?database=kv-store-adapter&timeout=5s")) {
            s.put(c, "by-uri", Map.of("v", 1), null).block(WAIT);
            assertThat(rawDoc(c, "by-uri")).isNotNull();
        }
    }
}
