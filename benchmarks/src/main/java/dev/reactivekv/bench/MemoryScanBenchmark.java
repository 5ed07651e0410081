package dev.reactivekv.bench;

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
 * One full {@code keys()} scan of {@code keys} entries per invocation (single-shot): as fast as the
 * store goes, and with a slow consumer (~1 µs per key, demand of 64 at a time). keys/s = keys / time.
 * Heap growth during the scan is measured by {@link ScanHeapHarness}, not here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MemoryScanBenchmark {

    @Param({"1000000"})
    public int keys;

    @Param({"1000"})
    public int pageSize;

    private KeyValueStore store;

    @Setup
    public void setup() {
        store = MemoryStore.create();
        Scans.fill(store, "scan", keys);
        BenchValues.check(scanFast() == keys, "scan sees every key");
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public long scanFast() {
        return Scans.scanFast(store, "scan", pageSize);
    }

    @Benchmark
    public long scanSlowConsumer() {
        return Scans.scanSlow(store, "scan", pageSize);
    }
}
