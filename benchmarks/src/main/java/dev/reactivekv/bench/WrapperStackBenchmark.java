package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

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

/**
 * Get and put (16 B values) through {@code depth} layers of one wrapper kind over the memory store.
 * Depth 0 is the bare store, measured in the same run; the cost of one layer is
 * {@code (t(depth) - t(0)) / depth}. {@code passthrough} is a do-nothing decorator (the floor);
 * the other kinds are the project's wrappers, looked up by name (see {@link WrapperKinds}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WrapperStackBenchmark {

    @Param({"passthrough", "prefixKeys", "prefixCollections"})
    public String kind;

    @Param({"0", "1", "3", "6"})
    public int depth;

    private KeyValueStore store;
    private Map<String, Object> value;

    @Setup
    public void setup() {
        value = BenchValues.value(16);
        store = WrapperKinds.stack(MemoryStore.create(), kind, depth);
        store.put(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY, value).block();
        BenchValues.check(value.equals(get()), "get through " + depth + " x " + kind + " returns the value");
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public Map<String, Object> get() {
        return store.get(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY).block();
    }

    @Benchmark
    public Object put() {
        return store.put(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY, value).block();
    }
}
