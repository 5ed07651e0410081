package dev.reactivekv.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Single-key get and put and {@code getMany(128)} on the memcached store beside the same meta commands
 * sent over a plain blocking socket (see {@link MemcachedFixture}) to the same server, same run. The raw
 * {@code mg} reads the very envelope the store wrote; the raw {@code ms} writes the same bytes under a key
 * of its own; the raw multi-get is one pipelined {@code mg ... q O<i>} batch ended by {@code mn}, as the
 * store sends it. The raw side runs on the caller's thread; the store hops to its Netty event loop and back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemcachedBenchmark {

    static final String COLLECTION = "bench";
    static final int BATCH = 128;

    @Param({"16", "1024"})
    public int size;

    private MemcachedFixture mc;
    private Map<String, Object> value;
    private String key;
    private String compound;
    private String rawKey;
    private byte[] envelope;
    private List<String> keys;
    private String[] compounds;

    @Setup
    public void setup() {
        mc = new MemcachedFixture();
        value = BenchValues.value(size);
        key = BenchValues.key(1_000_000);
        compound = MemcachedFixture.compound(COLLECTION, key);
        rawKey = MemcachedFixture.compound("raw", key);
        keys = BenchValues.keys(BATCH);
        compounds = keys.stream().map(k -> MemcachedFixture.compound(COLLECTION, k)).toArray(String[]::new);
        mc.store.put(COLLECTION, key, value).block();
        envelope = mc.get(compound);
        BenchValues.check(envelope != null && envelope.length > size, "the store wrote an envelope under " + compound);
        BenchValues.check("HD".equals(rawSet()), "raw ms stores");
        BenchValues.check(Arrays.equals(envelope, mc.get(rawKey)), "raw mg reads back what raw ms wrote");
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        for (String k : keys) {
            entries.put(k, value);
        }
        mc.store.putMany(COLLECTION, entries, null).block();
        BenchValues.check(value.equals(storeGet()), "store get returns the value");
        BenchValues.check(Arrays.equals(envelope, rawGet()), "raw mg returns the envelope");
        List<Lookup> got = storeGetMany();
        BenchValues.check(got.size() == BATCH && got.stream().allMatch(Lookup::isHit), "getMany hits every key");
        List<byte[]> rawGot = rawGetMany();
        BenchValues.check(rawGot.size() == BATCH && rawGot.stream().allMatch(Objects::nonNull), "raw multi-get finds every key");
    }

    @TearDown
    public void tearDown() {
        mc.delete(compound);
        mc.delete(rawKey);
        for (String c : compounds) {
            mc.delete(c);
        }
        mc.close();
    }

    @Benchmark
    public Map<String, Object> storeGet() {
        return mc.store.get(COLLECTION, key).block();
    }

    @Benchmark
    public byte[] rawGet() {
        return mc.get(compound);
    }

    @Benchmark
    public Object storePut() {
        return mc.store.put(COLLECTION, key, value).block();
    }

    @Benchmark
    public String rawSet() {
        return mc.set(rawKey, envelope);
    }

    @Benchmark
    public List<Lookup> storeGetMany() {
        return mc.store.getMany(COLLECTION, keys).collectList().block();
    }

    @Benchmark
    public List<byte[]> rawGetMany() {
        return mc.getMany(compounds);
    }
}
