package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * Single-key get and put on the Redis store beside raw Lettuce reactive {@code GET}/{@code SET} of the
 * same bytes on the same server, in the same run. The raw GET reads the very envelope the store wrote;
 * the raw SET writes an envelope of the same size. The store's extra work is the envelope
 * encode/decode, validation and the expiry check. Each call is a full round trip ({@code block()}).
 * {@code rawGetParsed} is the raw GET plus the envelope parse the store also does, by hand
 * ({@link RedisFixture#parsedValue}): the equal-work baseline of a get.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
public class RedisBenchmark {

    static final String COLLECTION = "bench";

    @Param({"16", "1024", "65536"})
    public int size;

    private RedisFixture redis;
    private Map<String, Object> value;
    private String key;
    private String compound;
    private String rawKey;
    private String envelope;

    @Setup
    public void setup() {
        redis = new RedisFixture();
        value = BenchValues.value(size);
        key = BenchValues.key(42);
        compound = RedisFixture.compound(COLLECTION, key);
        rawKey = RedisFixture.compound("raw", key);
        redis.store.put(COLLECTION, key, value).block();
        envelope = redis.raw.get(compound).block();
        BenchValues.check(envelope != null && envelope.length() > size, "the store wrote an envelope under " + compound);
        redis.raw.set(rawKey, envelope).block();
        BenchValues.check(value.equals(storeGet()), "store get returns the value");
        BenchValues.check(envelope.equals(rawGet()), "raw GET returns the envelope");
        BenchValues.check(value.equals(rawGetParsed()), "raw GET + Jackson reads the value the store reads");
    }

    @TearDown
    public void tearDown() {
        redis.raw.del(compound, rawKey).block();
        redis.close();
    }

    @Benchmark
    public Map<String, Object> storeGet() {
        return redis.store.get(COLLECTION, key).block();
    }

    @Benchmark
    public String rawGet() {
        return redis.raw.get(compound).block();
    }

    @Benchmark
    public Object rawGetParsed() {
        return redis.rawBytes.get(compound).map(RedisFixture::parsedValue).block();
    }

    @Benchmark
    public Object storePut() {
        return redis.store.put(COLLECTION, key, value).block();
    }

    @Benchmark
    public String rawSet() {
        return redis.raw.set(rawKey, envelope).block();
    }
}
