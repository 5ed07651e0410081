package dev.reactivekv.cli.bench;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What one benchmark run does on each store.
 *
 * @param workload     the operation mix
 * @param chooser      which loaded key an operation touches
 * @param distribution the chooser's name, for reports
 * @param keys         keys written by the load phase
 * @param valueSize    bytes of payload per value
 * @param concurrency  operations in flight at most
 * @param warmup       the uncounted warm-up before the measured phase
 * @param duration     the measured phase
 * @param rate         target operations per second on a fixed schedule, or null for as fast as possible
 * @param collection   the only collection written
 * @param timeout      longest wait for one operation (slower ones count as errors)
 */
public record BenchOptions(Workload workload, KeyChooser chooser, String distribution, long keys, int valueSize,
                           int concurrency, Duration warmup, Duration duration, @Nullable Double rate,
                           String collection, Duration timeout) {

    public BenchOptions {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(chooser, "chooser");
        if (keys < 1 || valueSize < 0 || concurrency < 1) {
            throw new IllegalArgumentException("keys and concurrency must be positive, value size not negative");
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("duration must be positive, warm-up not negative");
        }
        if (rate != null && !(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
    }

    /** The defaults of {@code reactive-kv bench} for a workload, to adjust with the {@code with…} methods. */
    public static BenchOptions defaults(Workload workload) {
        return new BenchOptions(workload, KeyChooser.zipfian(10_000), "zipfian", 10_000, 100, 16,
                Duration.ofSeconds(5), Duration.ofSeconds(30), null, "rkv-bench", Duration.ofSeconds(10));
    }

    public BenchOptions withKeys(long n, String distributionName) {
        KeyChooser c = "uniform".equals(distributionName) ? KeyChooser.uniform(n) : KeyChooser.zipfian(n);
        return new BenchOptions(workload, c, distributionName, n, valueSize, concurrency, warmup, duration, rate,
                collection, timeout);
    }

    public BenchOptions withLoad(int newValueSize, int newConcurrency, @Nullable Double newRate) {
        return new BenchOptions(workload, chooser, distribution, keys, newValueSize, newConcurrency, warmup, duration,
                newRate, collection, timeout);
    }

    public BenchOptions withTimes(Duration newWarmup, Duration newDuration) {
        return new BenchOptions(workload, chooser, distribution, keys, valueSize, concurrency, newWarmup, newDuration,
                rate, collection, timeout);
    }

    public BenchOptions withCollection(String newCollection) {
        return new BenchOptions(workload, chooser, distribution, keys, valueSize, concurrency, warmup, duration, rate,
                newCollection, timeout);
    }
}
