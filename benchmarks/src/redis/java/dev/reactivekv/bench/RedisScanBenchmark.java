package dev.reactivekv.bench;

import java.util.concurrent.TimeUnit;

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
 * One full {@code keys()} scan of the Redis store per invocation (single-shot), fast and with a slow
 * consumer; heap growth is measured by {@link ScanHeapHarness}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RedisScanBenchmark {

    @Param({"1000000"})
    public int keys;

    @Param({"1000"})
    public int pageSize;

    private RedisFixture redis;

    @Setup
    public void setup() {
        redis = new RedisFixture();
        redis.store.destroyCollection("scan").block();
        Scans.fill(redis.store, "scan", keys);
        BenchValues.check(scanFast() == keys, "scan sees every key");
    }

    @TearDown
    public void tearDown() {
        redis.store.destroyCollection("scan").block();
        redis.close();
    }

    @Benchmark
    public long scanFast() {
        return Scans.scanFast(redis.store, "scan", pageSize);
    }

    @Benchmark
    public long scanSlowConsumer() {
        return Scans.scanSlow(redis.store, "scan", pageSize);
    }
}
