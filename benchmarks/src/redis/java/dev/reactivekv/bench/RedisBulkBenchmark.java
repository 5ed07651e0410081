package dev.reactivekv.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.Lookup;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
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
 * <p>{@code rawMget} (the verdict's baseline) stops at one String per key: it never reads the JSON. The store
 * hands out each entry's value as a map, so it also parses 128 envelopes. {@code rawMgetParsed} is that same
 * work done by hand on raw Lettuce: {@code MGET} of the same keys as bytes (a String-key, byte[]-value codec, as
 * the store's), each envelope read by Jackson ({@code ObjectMapper.readValue(bytes, Map.class)}, mapper built
 * once) and its {@code value} taken; it checks no dates or expiry, which the store also does.
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
    private StatefulRedisConnection<String, byte[]> bytesConnection;
    private RedisReactiveCommands<String, byte[]> rawBytes;
    private final ObjectMapper mapper = new ObjectMapper();

    @Setup
    public void setup() {
        redis = new RedisFixture();
        bytesConnection = redis.client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        rawBytes = bytesConnection.reactive();
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
        bytesConnection.close();
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
        return rawBytes.mget(compounds).map(kv -> {
            try {
                return mapper.readValue(kv.getValue(), java.util.Map.class).get("value");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).collectList().block();
    }
}
