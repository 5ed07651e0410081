package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
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

/**
 * Single-key get and put on the memory store beside its two baselines, measured in the same run:
 * a {@link ConcurrentHashMap} lookup wrapped in {@code Mono}, and Caffeine's {@link AsyncCache}
 * (its future adapted to {@code Mono}). Every path is consumed the same way ({@code block()}, which
 * returns at once because all three complete on the calling thread), so the difference is the
 * store's own work: validation, expiry check, entry bookkeeping and (on put) the defensive value copy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryBenchmark {

    static final String COLLECTION = "bench";
    static final String KEY = BenchValues.key(42);

    /** Payload size in bytes. */
    @Param({"16", "1024", "65536"})
    public int size;

    private KeyValueStore store;
    private ConcurrentHashMap<String, Map<String, Object>> map;
    private AsyncCache<String, Map<String, Object>> caffeine;
    private Map<String, Object> value;

    @Setup
    public void setup() {
        value = BenchValues.value(size);
        store = MemoryStore.create();
        store.put(COLLECTION, KEY, value).block();
        map = new ConcurrentHashMap<>();
        map.put(KEY, value);
        caffeine = Caffeine.newBuilder().buildAsync();
        caffeine.put(KEY, CompletableFuture.completedFuture(value));
        BenchValues.check(value.equals(storeGet()), "memory store get returns the value");
        BenchValues.check(value.equals(mapGet()), "map get returns the value");
        BenchValues.check(value.equals(caffeineGet()), "caffeine get returns the value");
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public Map<String, Object> storeGet() {
        return store.get(COLLECTION, KEY).block();
    }

    @Benchmark
    public Map<String, Object> mapGet() {
        return Mono.fromSupplier(() -> map.get(KEY)).block();
    }

    @Benchmark
    public Map<String, Object> caffeineGet() {
        return Mono.fromFuture(caffeine.getIfPresent(KEY)).block();
    }

    @Benchmark
    public Object storePut() {
        return store.put(COLLECTION, KEY, value).block();
    }

    @Benchmark
    public Object mapPut() {
        return Mono.fromSupplier(() -> map.put(KEY, value)).block();
    }

    @Benchmark
    public Object caffeinePut() {
        return Mono.fromRunnable(() -> caffeine.put(KEY, CompletableFuture.completedFuture(value))).block();
    }
}
