package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.result.UpdateResult;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Mono;

/**
 * Single-key get and put on the MongoDB store beside the raw Reactive Streams driver on the same server,
 * in the same run: {@code find({key}).first()} of the very document the store wrote, and
 * {@code replaceOne({key}, doc, upsert)} of that same document into a collection of its own (the store
 * writes with an {@code updateOne} upsert of {@code $set}/{@code $unset}/{@code $setOnInsert}). The
 * store's extra work is the document encode/decode, validation and the expiry check. Each call is a full
 * round trip ({@code block()}). The default server is mongo-java-server in this JVM (see {@link MongoFixture}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MongoBenchmark {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    @Param({"16", "1024"})
    public int size;

    private MongoFixture mongo;
    private Map<String, Object> value;
    private String key;
    private Bson byKey;
    private RawBsonDocument document;

    @Setup
    public void setup() {
        mongo = new MongoFixture();
        value = BenchValues.value(size);
        key = BenchValues.key(42);
        byKey = Filters.eq("key", key);
        mongo.store.put(MongoFixture.COLLECTION, key, value).block();
        document = Mono.from(mongo.storeDocs.find(byKey).first()).block();
        BenchValues.check(document != null && document.getByteBuffer().remaining() > size,
                "the store wrote a document for " + key);
        Mono.from(mongo.rawDocs.replaceOne(byKey, document, UPSERT)).block();
        BenchValues.check(value.equals(storeGet()), "store get returns the value");
        BenchValues.check(document.equals(rawGet()), "raw find returns the store's document");
        BenchValues.check(document.equals(Mono.from(mongo.rawDocs.find(byKey).first()).block()),
                "raw replaceOne wrote the same document");
    }

    @TearDown
    public void tearDown() {
        mongo.close();
    }

    @Benchmark
    public Map<String, Object> storeGet() {
        return mongo.store.get(MongoFixture.COLLECTION, key).block();
    }

    @Benchmark
    public RawBsonDocument rawGet() {
        return Mono.from(mongo.storeDocs.find(byKey).first()).block();
    }

    @Benchmark
    public Object storePut() {
        return mongo.store.put(MongoFixture.COLLECTION, key, value).block();
    }

    @Benchmark
    public UpdateResult rawPut() {
        return Mono.from(mongo.rawDocs.replaceOne(byKey, document, UPSERT)).block();
    }
}
