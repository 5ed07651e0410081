package dev.reactivekv.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.rocksdb.RocksDbStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One full {@code keys()} scan of the RocksDB store per invocation (single-shot), fast and with a slow consumer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RocksDbScanBenchmark {

    @Param({"1000000"})
    public int keys;

    @Param({"1000"})
    public int pageSize;

    private Path dir;
    private KeyValueStore store;

    @Setup
    public void setup() throws IOException {
        dir = Files.createTempDirectory("rkv-bench-rocksscan");
        store = RocksDbStore.builder().path(dir).build();
        Scans.fill(store, "scan", keys);
        BenchValues.check(scanFast() == keys, "scan sees every key");
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        Scans.deleteTree(dir);
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
