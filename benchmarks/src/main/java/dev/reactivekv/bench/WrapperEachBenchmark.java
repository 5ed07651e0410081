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
 * One layer of each wrapper over the memory store (16 B values); {@code wrapper=none} is the bare store
 * in the same run. Added cost of a wrapper = {@code t(wrapper) - t(none)}; the target is under 100 ns.
 * Kinds whose factory does not exist yet fail their trial with "not available" (see {@link WrapperKinds}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WrapperEachBenchmark {

    @Param({"none", "passthrough", "prefixKeys", "prefixCollections", "singleCollection", "readOnly",
            "defaultValue", "limitSize", "ttlClamp", "timeout", "retry", "logging", "statistics", "compression",
            "encryption", "passthroughCache"})
    public String wrapper;

    private KeyValueStore store;
    private Map<String, Object> value;

    @Setup
    public void setup() {
        value = BenchValues.value(16);
        KeyValueStore base = MemoryStore.create();
        // fill before wrapping, so a read-only layer can still be read through
        base.put(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY, value).block();
        store = wrapper.equals("none") ? base : WrapperKinds.stack(base, wrapper, 1);
        // and through the wrapper, so wrappers that rename keys or collections find it (read-only refuses: fine)
        store.put(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY, value).onErrorResume(e -> reactor.core.publisher.Mono.empty()).block();
        BenchValues.check(value.equals(get()), "get through " + wrapper + " returns the value");
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public Object get() {
        return store.get(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY).block();
    }
}
