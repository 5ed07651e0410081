package dev.reactivekv.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.Filters;
import dev.reactivekv.Lookup;
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
import reactor.core.publisher.Flux;

/**
 * {@code getMany(batch)} on the MongoDB store (1 KB values) beside the raw driver's
 * {@code find({key: {$in: keys}})} of the same documents on the same server, in the same run; both
 * collected to a list, one element per key. The default server is mongo-java-server in this JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MongoBulkBenchmark {

    @Param({"128"})
    public int batch;

    private MongoFixture mongo;
    private List<String> keys;
    private Bson inKeys;

    @Setup
    public void setup() {
        mongo = new MongoFixture();
        keys = BenchValues.keys(batch);
        inKeys = Filters.in("key", keys);
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        for (String k : keys) {
            entries.put(k, BenchValues.value(1024));
        }
        mongo.store.putMany(MongoFixture.COLLECTION, entries, null).block();
        List<Lookup> got = storeGetMany();
        BenchValues.check(got.size() == batch && got.stream().allMatch(Lookup::isHit), "getMany hits every key");
        BenchValues.check(rawFindIn().size() == batch, "find $in finds every key");
    }

    @TearDown
    public void tearDown() {
        mongo.close();
    }

    @Benchmark
    public List<Lookup> storeGetMany() {
        return mongo.store.getMany(MongoFixture.COLLECTION, keys).collectList().block();
    }

    @Benchmark
    public List<RawBsonDocument> rawFindIn() {
        return Flux.from(mongo.storeDocs.find(inKeys)).collectList().block();
    }
}
