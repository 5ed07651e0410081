package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/** Put-to-event latency distribution of the memory store's watch (JMH sample mode: p50/p99/p999). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class MemoryWatchBenchmark {

    private KeyValueStore store;
    private WatchProbe probe;
    private Map<String, Object> value;

    @Setup
    public void setup() {
        value = BenchValues.value(16);
        store = MemoryStore.create();
        probe = new WatchProbe(store, "watch");
    }

    @TearDown
    public void tearDown() {
        probe.close();
        store.close();
    }

    @Benchmark
    public long putToEvent() {
        return probe.putAndAwait("k", value);
    }
}
