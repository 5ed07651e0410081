package dev.reactivekv.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.redis.RedisStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;

/**
 * Many operations in flight on one connection: {@value #OPS} single-key gets (or puts) over
 * {@value #KEYS} keys of about 300-byte values, at most {@code inFlight} outstanding at a time
 * ({@code flatMap} concurrency), beside raw Lettuce reactive {@code GET}/{@code SET} of the same envelopes
 * with the same number in flight, in the same run. Scores are operations per second. {@code rawGetParsed} is
 * the raw GET plus the envelope parse the store also does ({@link RedisFixture#parsedValue}), as the store on
 * Lettuce's I/O thread; {@code rawSetEncoded} is the raw SET of an envelope Jackson writes for each call
 * ({@link RedisFixture#envelopeBytes}), as the store encodes one per put.
 *
 * <p>{@code coalescedGet} is the store built with {@code coalesce=true}: the same single gets, sent as
 * MGETs of whatever is waiting while the previous batch is out. Its baseline is {@code rawGet} at 256.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
public class RedisInFlightBenchmark {

    static final int OPS = 4096;
    static final int KEYS = 1024;
    static final String COLLECTION = "inflight";

    @Param({"16", "64", "256"})
    public int inFlight;

    private RedisFixture redis;
    private KeyValueStore coalescing;
    private List<String> keys;
    private String[] compounds;
    private String[] envelopes;
    private Map<String, Object> value;

    @Setup
    public void setup() {
        redis = new RedisFixture();
        coalescing = RedisStore.builder(redis.uri + "?coalesce=true").build();
        value = BenchValues.value(240); // an envelope of about 300 bytes, as in issue #11's table
        keys = BenchValues.keys(KEYS);
        compounds = new String[KEYS];
        envelopes = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            compounds[i] = RedisFixture.compound(COLLECTION, keys.get(i));
            redis.store.put(COLLECTION, keys.get(i), value).block();
            envelopes[i] = redis.raw.get(compounds[i]).block();
        }
        BenchValues.check(storeGet() == OPS, "every store get hits");
        BenchValues.check(coalescedGet() == OPS, "every coalesced get hits");
        BenchValues.check(rawGet() == OPS, "every raw GET hits");
        BenchValues.check(rawGetParsed() == OPS, "every raw GET + parse hits");
    }

    @TearDown
    public void tearDown() {
        redis.raw.del(compounds).block();
        coalescing.close();
        redis.close();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long storeGet() {
        return count(Flux.range(0, OPS).flatMap(i -> redis.store.get(COLLECTION, keys.get(i % KEYS)), inFlight));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long coalescedGet() {
        return count(Flux.range(0, OPS).flatMap(i -> coalescing.get(COLLECTION, keys.get(i % KEYS)), inFlight));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long rawGet() {
        return count(Flux.range(0, OPS).flatMap(i -> redis.raw.get(compounds[i % KEYS]), inFlight));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long rawGetParsed() {
        return count(Flux.range(0, OPS).flatMap(i -> redis.rawBytes.get(compounds[i % KEYS]).map(RedisFixture::parsedValue), inFlight));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long storePut() {
        return count(Flux.range(0, OPS).flatMap(i -> redis.store.put(COLLECTION, keys.get(i % KEYS), value)
                .thenReturn(i), inFlight));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long rawSet() {
        return count(Flux.range(0, OPS).flatMap(i -> redis.raw.set(compounds[i % KEYS], envelopes[i % KEYS]), inFlight));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long rawSetEncoded() {
        return count(Flux.range(0, OPS).flatMap(i -> redis.rawBytes.set(compounds[i % KEYS], RedisFixture.envelopeBytes(value)),
                inFlight));
    }

    private static long count(Flux<?> results) {
        Long n = results.count().block();
        return n == null ? 0 : n;
    }
}
