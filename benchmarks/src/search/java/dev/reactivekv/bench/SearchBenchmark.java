package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Single-key get and put on the Elasticsearch/OpenSearch store beside raw REST calls on the same engine and
 * index, in the same run: {@code GET /index/_doc/id} of the very document the store wrote, and
 * {@code PUT /index/_doc/id} of that same document's source. The store's extra work is the document
 * encode/decode, validation and the expiry check. Each call is a full round trip ({@code block()}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SearchBenchmark {

    @Param({"16", "1024"})
    public int size;

    private SearchFixture search;
    private Map<String, Object> value;
    private String key;
    private String docPath;
    private byte[] source;

    @Setup
    public void setup() {
        search = new SearchFixture();
        value = BenchValues.value(size);
        key = BenchValues.key(42);
        search.store.put(SearchFixture.COLLECTION, key, value).block();
        docPath = "/" + search.index() + "/_doc/" + SearchFixture.documentId(key);
        JsonNode doc = SearchFixture.json(rawGet());
        BenchValues.check(doc.path("found").asBoolean(), "raw GET finds the store's document at " + docPath);
        source = doc.get("_source").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        BenchValues.check(source.length > size, "the document holds the value");
        rawPut();
        BenchValues.check(value.equals(storeGet()), "store get returns the value after the raw put of its own document");
    }

    @TearDown
    public void tearDown() {
        search.close();
    }

    @Benchmark
    public Map<String, Object> storeGet() {
        return search.store.get(SearchFixture.COLLECTION, key).block();
    }

    @Benchmark
    public byte[] rawGet() {
        return search.call(HttpMethod.GET, docPath, null);
    }

    @Benchmark
    public Object storePut() {
        return search.store.put(SearchFixture.COLLECTION, key, value).block();
    }

    @Benchmark
    public byte[] rawPut() {
        return search.call(HttpMethod.PUT, docPath, source);
    }
}
