package dev.reactivekv.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Put-to-event latency of the Redis store's watch (keyspace notifications over pub/sub): the put's
 * round trip plus the notification's (JMH sample mode: p50/p99/p999).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class RedisWatchBenchmark {

    private RedisFixture redis;
    private WatchProbe probe;
    private Map<String, Object> value;

    @Setup
    public void setup() {
        value = BenchValues.value(16);
        redis = new RedisFixture();
        probe = new WatchProbe(redis.store, "watch");
    }

    @TearDown
    public void tearDown() {
        probe.close();
        redis.store.destroyCollection("watch").block();
        redis.close();
    }

    @Benchmark
    public long putToEvent() {
        return probe.putAndAwait("k", value);
    }
}
