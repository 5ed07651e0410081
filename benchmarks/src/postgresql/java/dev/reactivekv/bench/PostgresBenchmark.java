package dev.reactivekv.bench;

import java.util.LinkedHashMap;
import java.util.List;
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

import dev.reactivekv.Lookup;

/**
 * Single-key get and put and {@code getMany(128)} on the PostgreSQL store beside raw r2dbc-postgresql
 * statements on the same {@code kv_store} table, same server, same run: {@code SELECT value::text, created_at,
 * expires_at ... WHERE collection = $1 AND key = $2}, the store's upsert ({@code INSERT ... ON CONFLICT DO
 * UPDATE}) of the same JSON document, and {@code SELECT ... key = ANY($2)}. The store also selects its
 * version column (an md5 of the row) and goes through its connection pool; the raw side uses one connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresBenchmark {

    static final String COLLECTION = "bench";
    static final String RAW = "bench_raw";
    static final int BATCH = 128;

    @Param({"16", "1024"})
    public int size;

    private PostgresFixture pg;
    private Map<String, Object> value;
    private String key;
    private String json;
    private List<String> keys;
    private String[] keyArray;

    @Setup
    public void setup() {
        pg = new PostgresFixture();
        value = BenchValues.value(size);
        key = BenchValues.key(1_000_000);
        keys = BenchValues.keys(BATCH);
        keyArray = keys.toArray(String[]::new);
        pg.store.put(COLLECTION, key, value).block();
        json = pg.get(COLLECTION, key);
        BenchValues.check(json != null && json.length() > size, "the store wrote a row for " + key);
        BenchValues.check(pg.put(RAW, key, json) == 1L, "raw upsert writes one row");
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        for (String k : keys) {
            entries.put(k, value);
        }
        pg.store.putMany(COLLECTION, entries, null).block();
        BenchValues.check(value.equals(storeGet()), "store get returns the value");
        BenchValues.check(json.equals(rawGet()), "raw SELECT returns the document");
        List<Lookup> got = storeGetMany();
        BenchValues.check(got.size() == BATCH && got.stream().allMatch(Lookup::isHit), "getMany hits every key");
        List<String> rawGot = rawGetMany();
        BenchValues.check(rawGot.size() == BATCH && rawGot.stream().allMatch(json::equals), "raw ANY select finds every key");
    }

    @TearDown
    public void tearDown() {
        pg.delete(COLLECTION);
        pg.delete(RAW);
        pg.close();
    }

    @Benchmark
    public Map<String, Object> storeGet() {
        return pg.store.get(COLLECTION, key).block();
    }

    @Benchmark
    public String rawGet() {
        return pg.get(COLLECTION, key);
    }

    @Benchmark
    public Object storePut() {
        return pg.store.put(COLLECTION, key, value).block();
    }

    @Benchmark
    public Long rawPut() {
        return pg.put(RAW, key, json);
    }

    @Benchmark
    public List<Lookup> storeGetMany() {
        return pg.store.getMany(COLLECTION, keys).collectList().block();
    }

    @Benchmark
    public List<String> rawGetMany() {
        return pg.getMany(COLLECTION, keyArray);
    }
}
