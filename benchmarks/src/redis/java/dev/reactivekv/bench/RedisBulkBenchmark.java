package dev.reactivekv.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.Lookup;
import io.lettuce.core.KeyValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code getMany(batch)} on the Redis store (1 KB values) beside raw Lettuce {@code MGET} of the same
 * keys on the same server, in the same run; both collected to a list, one element per key.
 * {@code storeGetManyVersions} is the same read that also asks every entry for its version: the
 * difference to {@code storeGetMany} (time and B/op) is what a version costs, paid only when asked for.
 *
 * <p>{@code rawMget} stops at one String per key and never reads the JSON; {@code rawMgetParsed} is the same
 * {@code MGET} with each envelope parsed by hand ({@link RedisFixture#parsedValue}), the work the store also does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
public class RedisBulkBenchmark {

    @Param({"16", "128", "1024"})
    public int batch;

    private RedisFixture redis;
    private List<String> keys;
    private String[] compounds;

    @Setup
    public void setup() {
        redis = new RedisFixture();
        keys = BenchValues.keys(batch);
        compounds = keys.stream().map(k -> RedisFixture.compound(RedisBenchmark.COLLECTION, k)).toArray(String[]::new);
        java.util.Map<String, java.util.Map<String, Object>> entries = new java.util.LinkedHashMap<>();
        for (String k : keys) {
            entries.put(k, BenchValues.value(1024));
        }
        redis.store.putMany(RedisBenchmark.COLLECTION, entries, null).block();
        List<Lookup> got = storeGetMany();
        BenchValues.check(got.size() == batch && got.stream().allMatch(Lookup::isHit), "getMany hits every key");
        BenchValues.check(rawMget().stream().allMatch(KeyValue::hasValue), "MGET finds every key");
        List<Object> parsed = rawMgetParsed();
        BenchValues.check(parsed.size() == batch && parsed.get(0).equals(got.get(0).entry().value()),
                "MGET + Jackson reads the values the store reads");
    }

    @TearDown
    public void tearDown() {
        redis.raw.del(compounds).block();
        redis.close();
    }

    @Benchmark
    public List<Lookup> storeGetMany() {
        return redis.store.getMany(RedisBenchmark.COLLECTION, keys).collectList().block();
    }

    @Benchmark
    public int storeGetManyVersions() {
        int n = 0;
        for (Lookup l : storeGetMany()) {
            n += l.entry().version().length();
        }
        return n;
    }

    @Benchmark
    public List<KeyValue<String, String>> rawMget() {
        return redis.raw.mget(compounds).collectList().block();
    }

    @Benchmark
    public List<Object> rawMgetParsed() {
        return redis.rawBytes.mget(compounds).map(kv -> RedisFixture.parsedValue(kv.getValue())).collectList().block();
    }
}
