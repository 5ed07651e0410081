package dev.reactivekv.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.disk.DiskStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One full {@code keys()} scan of the disk store per invocation (single-shot), fast and with a slow consumer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsAppend = {
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "-Dchronicle.analytics.disable=true"})
public class DiskScanBenchmark {

    @Param({"1000000"})
    public int keys;

    @Param({"1000"})
    public int pageSize;

    private Path dir;
    private KeyValueStore store;

    @Setup
    public void setup() throws IOException {
        System.setProperty("chronicle.analytics.disable", "true");
        dir = Files.createTempDirectory("rkv-bench-diskscan");
        // inside the temporary directory, so a key file written beside it is removed with it
        store = DiskStore.builder().directory(dir.resolve("store")).encrypted(false).build();
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
