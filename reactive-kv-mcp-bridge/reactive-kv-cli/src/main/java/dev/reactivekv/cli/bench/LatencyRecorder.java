package dev.reactivekv.cli.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.reactivekv.cli.bench.BenchReport.Latency;
import dev.reactivekv.cli.bench.BenchReport.OperationResult;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Latencies of one operation kind in HdrHistogram (nanoseconds, 3 significant digits, auto-resizing), recorded
 * from any thread: the raw latency from the actual start, and, when the run is paced, the latency from the
 * intended start on the schedule. Failures are counted, not timed.
 */
final class LatencyRecorder {

    private final boolean paced;
    private final Histogram raw = new ConcurrentHistogram(3);
    private final Histogram corrected = new ConcurrentHistogram(3);
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    LatencyRecorder(boolean paced) {
        this.paced = paced;
    }

    void success(long intendedStart, long actualStart, long end) {
        raw.recordValue(Math.max(0, end - actualStart));
        if (paced) {
            corrected.recordValue(Math.max(0, end - intendedStart));
        }
    }

    void failure(Throwable error) {
        errors.increment();
        firstError.compareAndSet(null, error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    long count() {
        return raw.getTotalCount();
    }

    long errors() {
        return errors.sum();
    }

    OperationResult result(String operation, double seconds) {
        long count = count();
        return new OperationResult(operation, count, errors(), firstError.get(),
                seconds > 0 ? count / seconds : 0, latency(raw), paced ? latency(corrected) : null);
    }

    private static Latency latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0, 0);
        }
        return new Latency(micros(h.getMean()), micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(90)),
                micros(h.getValueAtPercentile(99)), micros(h.getValueAtPercentile(99.9)), micros(h.getMaxValue()));
    }

    private static double micros(double nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
