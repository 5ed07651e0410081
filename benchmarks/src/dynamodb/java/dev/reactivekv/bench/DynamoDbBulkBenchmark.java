package dev.reactivekv.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.Lookup;
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
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@code getMany(batch)} on the DynamoDB store (1 KB values) beside raw SDK v2 {@code BatchGetItem} of the same
 * keys on the same server and table, in the same run. BatchGetItem takes at most 100 keys, so the raw side sends
 * the same chunks the store does (100 + 28 for 128 keys), concurrently, strongly consistent, and collects every
 * returned item to one list. The raw side does not retry unprocessed keys: the self-check fails if any come back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DynamoDbBulkBenchmark {

    private static final int CHUNK = 100;

    @Param({"128"})
    public int batch;

    private DynamoDbFixture dynamo;
    private List<String> keys;
    private List<KeysAndAttributes> chunks;

    @Setup
    public void setup() {
        dynamo = new DynamoDbFixture();
        keys = BenchValues.keys(batch);
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        for (String k : keys) {
            entries.put(k, BenchValues.value(1024));
        }
        dynamo.store.putMany(DynamoDbBenchmark.COLLECTION, entries, null).block();
        chunks = new ArrayList<>();
        for (int i = 0; i < batch; i += CHUNK) {
            List<Map<String, AttributeValue>> ks = new ArrayList<>();
            for (String k : keys.subList(i, Math.min(batch, i + CHUNK))) {
                ks.add(DynamoDbFixture.key(DynamoDbBenchmark.COLLECTION, k));
            }
            chunks.add(KeysAndAttributes.builder().keys(ks).consistentRead(true).build());
        }
        List<Lookup> got = storeGetMany();
        BenchValues.check(got.size() == batch && got.stream().allMatch(Lookup::isHit), "getMany hits every key");
        List<Map<String, AttributeValue>> raw = rawBatchGet();
        BenchValues.check(raw.size() == batch && raw.stream().allMatch(item -> item.containsKey("value")),
                "BatchGetItem returns every item (no unprocessed keys)");
    }

    @TearDown
    public void tearDown() {
        dynamo.store.deleteMany(DynamoDbBenchmark.COLLECTION, keys).block();
        dynamo.close();
    }

    @Benchmark
    public List<Lookup> storeGetMany() {
        return dynamo.store.getMany(DynamoDbBenchmark.COLLECTION, keys).collectList().block();
    }

    @Benchmark
    public List<Map<String, AttributeValue>> rawBatchGet() {
        return Flux.fromIterable(chunks)
                .flatMap(chunk -> Mono.fromFuture(() -> dynamo.raw.batchGetItem(b -> b.requestItems(Map.of(dynamo.table, chunk)))))
                .flatMapIterable(r -> r.responses().getOrDefault(dynamo.table, List.of()))
                .collectList()
                .block();
    }
}
