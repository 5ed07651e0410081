package dev.reactivekv.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bulk read of {@code batch} keys (1 KB values): the store's {@code getMany} beside a
 * {@link ConcurrentHashMap} looked up key by key in a {@code Flux}, and Caffeine's
 * {@code AsyncCache.getAll}. Each result is collected to a list, one element per key, as a caller would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryBulkBenchmark {

    @Param({"16", "128", "1024"})
    public int batch;

    private KeyValueStore store;
    private ConcurrentHashMap<String, Map<String, Object>> map;
    private AsyncCache<String, Map<String, Object>> caffeine;
    private List<String> keys;

    @Setup
    public void setup() {
        Map<String, Object> value = BenchValues.value(1024);
        keys = BenchValues.keys(batch);
        store = MemoryStore.create();
        map = new ConcurrentHashMap<>();
        caffeine = Caffeine.newBuilder().buildAsync();
        for (String k : keys) {
            store.put(MemoryBenchmark.COLLECTION, k, value).block();
            map.put(k, value);
            caffeine.put(k, CompletableFuture.completedFuture(value));
        }
        BenchValues.check(storeGetMany().stream().allMatch(Lookup::isHit) && storeGetMany().size() == batch,
                "getMany hits every key");
        BenchValues.check(mapGetMany().size() == batch, "map lookup finds every key");
        BenchValues.check(caffeineGetAll().size() == batch, "caffeine getAll finds every key");
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public List<Lookup> storeGetMany() {
        return store.getMany(MemoryBenchmark.COLLECTION, keys).collectList().block();
    }

    @Benchmark
    public List<Map<String, Object>> mapGetMany() {
        return Flux.fromIterable(keys).mapNotNull(map::get).collectList().block();
    }

    @Benchmark
    public Map<String, Map<String, Object>> caffeineGetAll() {
        return Mono.fromFuture(caffeine.getAll(keys, (ks, executor) -> CompletableFuture.completedFuture(Map.of())))
                .block();
    }
}
