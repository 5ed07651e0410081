package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * Single-key get and put on the DynamoDB store beside raw SDK v2 {@code GetItem}/{@code PutItem} (async client,
 * consumed through {@code Mono.fromFuture}) on the same server and table, in the same run. The raw GetItem reads
 * the very item the store wrote (strongly consistent, as the store reads); the raw PutItem writes an item of the
 * same layout and size under another partition. The store's extra work is the envelope encode/decode, validation,
 * the expiry check and its table-ready gate. Each call is a full HTTP round trip ({@code block()}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DynamoDbBenchmark {

    static final String COLLECTION = "bench";

    @Param({"16", "1024"})
    public int size;

    private DynamoDbFixture dynamo;
    private Map<String, Object> value;
    private String key;
    private Map<String, AttributeValue> storeKey;
    private Map<String, AttributeValue> rawKey;
    private Map<String, AttributeValue> rawItem;

    @Setup
    public void setup() {
        dynamo = new DynamoDbFixture();
        value = BenchValues.value(size);
        key = BenchValues.key(42);
        storeKey = DynamoDbFixture.key(COLLECTION, key);
        rawKey = DynamoDbFixture.key("raw", key);
        dynamo.store.put(COLLECTION, key, value).block(); // also creates the table
        Map<String, AttributeValue> written = Mono.fromFuture(() -> dynamo.raw.getItem(b -> b.tableName(dynamo.table)
                .key(storeKey).consistentRead(true))).block().item();
        BenchValues.check(written != null && written.containsKey("value") && written.get("value").s().length() > size,
                "the store wrote an item with its envelope under " + storeKey);
        rawItem = DynamoDbFixture.item("raw", key, written.get("value").s());
        rawPut();
        BenchValues.check(value.equals(storeGet()), "store get returns the value");
        BenchValues.check(written.equals(rawGet().item()), "raw GetItem returns the store's item");
        Map<String, AttributeValue> rawBack = Mono.fromFuture(() -> dynamo.raw.getItem(b -> b.tableName(dynamo.table)
                .key(rawKey).consistentRead(true))).block().item();
        BenchValues.check(rawItem.equals(rawBack), "raw PutItem wrote its item");
    }

    @TearDown
    public void tearDown() {
        Mono.fromFuture(() -> dynamo.raw.deleteItem(b -> b.tableName(dynamo.table).key(storeKey))).block();
        Mono.fromFuture(() -> dynamo.raw.deleteItem(b -> b.tableName(dynamo.table).key(rawKey))).block();
        dynamo.close();
    }

    @Benchmark
    public Map<String, Object> storeGet() {
        return dynamo.store.get(COLLECTION, key).block();
    }

    @Benchmark
    public GetItemResponse rawGet() {
        return Mono.fromFuture(() -> dynamo.raw.getItem(b -> b.tableName(dynamo.table).key(storeKey).consistentRead(true)))
                .block();
    }

    @Benchmark
    public Object storePut() {
        return dynamo.store.put(COLLECTION, key, value).block();
    }

    @Benchmark
    public PutItemResponse rawPut() {
        return Mono.fromFuture(() -> dynamo.raw.putItem(b -> b.tableName(dynamo.table).item(rawItem))).block();
    }
}
