package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.wrapper.Wrappers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The statistics wrapper beside the work it exists to do, done by hand, in the same run: {@code statisticsGet} is
 * a get over memory through {@code Wrappers.statistics} (a hit: the hits counter and the success latency timer);
 * {@code metersByHand} is the same get with the same two meters updated around it by hand (two
 * {@code System.nanoTime()} reads, {@code Counter.increment}, {@code Timer.record}), each on its own
 * {@link SimpleMeterRegistry} with Micrometer's defaults. The difference is the wrapper's own cost; the rest is
 * the clock and the registry's (a default timer reads the clock again for its pause detector and its
 * time-window max), which the caller's choice of registry decides. 16 B values, as in
 * {@link WrapperEachBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WrapperMetersBenchmark {

    private KeyValueStore bare;
    private KeyValueStore observed;
    private SimpleMeterRegistry wrapperRegistry;
    private Counter hits;
    private Timer latency;

    @Setup
    public void setup() {
        Map<String, Object> value = BenchValues.value(16);
        bare = MemoryStore.create();
        wrapperRegistry = new SimpleMeterRegistry();
        observed = Wrappers.statistics(wrapperRegistry).build().wrap(MemoryStore.create());
        for (KeyValueStore s : new KeyValueStore[] {bare, observed}) {
            s.put(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY, value).block();
        }
        SimpleMeterRegistry byHand = new SimpleMeterRegistry();
        hits = byHand.counter("reactivekv.hits", "collection", MemoryBenchmark.COLLECTION, "operation", "get");
        latency = byHand.timer("reactivekv.latency", "collection", MemoryBenchmark.COLLECTION, "operation", "get",
                "outcome", "success");
        BenchValues.check(value.equals(statisticsGet()) && value.equals(metersByHand()), "both read the value");
        BenchValues.check(wrapperRegistry.find("reactivekv.hits").counter() != null
                && wrapperRegistry.find("reactivekv.hits").counter().count() == 1, "the wrapper counts the same hit");
    }

    @TearDown
    public void tearDown() {
        bare.close();
        observed.close();
    }

    @Benchmark
    public Object statisticsGet() {
        return observed.get(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY).block();
    }

    @Benchmark
    public Object metersByHand() {
        long start = System.nanoTime();
        Map<String, Object> v = bare.get(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY).block();
        long nanos = System.nanoTime() - start;
        hits.increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
        return v;
    }
}
