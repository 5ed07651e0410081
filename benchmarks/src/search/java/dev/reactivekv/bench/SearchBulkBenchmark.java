package dev.reactivekv.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reactivekv.Lookup;
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
 * {@code getMany(batch)} on the Elasticsearch/OpenSearch store (1 KB values) beside a raw
 * {@code POST /index/_mget} of the same document ids on the same engine, in the same run; the raw body is
 * read as bytes, the store's is decoded into one {@link Lookup} per key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SearchBulkBenchmark {

    @Param({"128"})
    public int batch;

    private SearchFixture search;
    private List<String> keys;
    private String mgetPath;
    private byte[] mgetBody;

    @Setup
    public void setup() {
        search = new SearchFixture();
        keys = BenchValues.keys(batch);
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        for (String k : keys) {
            entries.put(k, BenchValues.value(1024));
        }
        search.store.putMany(SearchFixture.COLLECTION, entries, null).block();
        mgetPath = "/" + search.index() + "/_mget";
        StringBuilder ids = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < keys.size(); i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(SearchFixture.documentId(keys.get(i))).append('"');
        }
        mgetBody = ids.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        List<Lookup> got = storeGetMany();
        BenchValues.check(got.size() == batch && got.stream().allMatch(Lookup::isHit), "getMany hits every key");
        JsonNode docs = SearchFixture.json(rawMget()).get("docs");
        int found = 0;
        for (JsonNode d : docs) {
            found += d.path("found").asBoolean() ? 1 : 0;
        }
        BenchValues.check(found == batch, "raw _mget finds every document");
    }

    @TearDown
    public void tearDown() {
        search.close();
    }

    @Benchmark
    public List<Lookup> storeGetMany() {
        return search.store.getMany(SearchFixture.COLLECTION, keys).collectList().block();
    }

    @Benchmark
    public byte[] rawMget() {
        return search.call(HttpMethod.POST, mgetPath, mgetBody);
    }
}
