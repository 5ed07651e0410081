package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import java.util.function.Function;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.adapter.RaiseOnMissingAdapter;
import dev.reactivekv.adapter.TypedAdapter;
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
 * One layer of each wrapper over the memory store (16 B values); {@code wrapper=none} is the bare store
 * in the same run. Added cost of a wrapper = {@code t(wrapper) - t(none)}; the target is under 100 ns.
 * Kinds whose factory does not exist yet fail their trial with "not available" (see {@link WrapperKinds}).
 * The two adapters join the group: {@code raiseOnMissing} ({@link RaiseOnMissingAdapter#get}) and
 * {@code typed} ({@link TypedAdapter#get} to a record through Jackson).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WrapperEachBenchmark {

    @Param({"none", "passthrough", "prefixKeys", "prefixCollections", "singleCollection", "readOnly",
            "defaultValue", "limitSize", "ttlClamp", "timeout", "retry", "logging", "statistics", "compression",
            "encryption", "passthroughCache", "routing", "fallback", "raiseOnMissing", "typed"})
    public String wrapper;

    private KeyValueStore store;
    private Map<String, Object> value;
    private Function<String, Mono<?>> reader;

    /** The typed adapter's type for {@link BenchValues#value}. */
    public record Data(String data) {
    }

    @Setup
    public void setup() {
        value = BenchValues.value(16);
        KeyValueStore base = MemoryStore.create();
        // fill before wrapping, so a read-only layer can still be read through
        base.put(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY, value).block();
        boolean adapter = wrapper.equals("raiseOnMissing") || wrapper.equals("typed");
        store = wrapper.equals("none") || adapter ? base : WrapperKinds.stack(base, wrapper, 1);
        KeyValueStore s = store;
        if (wrapper.equals("raiseOnMissing")) {
            RaiseOnMissingAdapter a = RaiseOnMissingAdapter.of(s);
            reader = key -> a.get(MemoryBenchmark.COLLECTION, key);
        } else if (wrapper.equals("typed")) {
            TypedAdapter<Data> a = TypedAdapter.builder(s, Data.class).collection(MemoryBenchmark.COLLECTION).build();
            reader = a::get;
        } else {
            reader = key -> s.get(MemoryBenchmark.COLLECTION, key);
        }
        // and through the wrapper, so wrappers that rename keys or collections find it (read-only refuses: fine)
        store.put(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY, value).onErrorResume(e -> reactor.core.publisher.Mono.empty()).block();
        Object got = get();
        BenchValues.check(value.equals(got) || got instanceof Data d && d.data().equals(value.get("data")),
                "get through " + wrapper + " returns the value");
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public Object get() {
        return reader.apply(MemoryBenchmark.KEY).block();
    }
}
