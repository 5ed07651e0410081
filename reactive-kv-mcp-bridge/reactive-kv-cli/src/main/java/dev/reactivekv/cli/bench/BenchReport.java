package dev.reactivekv.cli.bench;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The results of one {@code reactive-kv bench} run, as {@code --format json} prints them. Latencies are in
 * microseconds; {@code corrected} latencies (only with {@code --rate}) are measured from each operation's
 * intended start on the fixed schedule, so they include the time an operation waited behind slower ones
 * (coordinated omission).
 *
 * @param workload       A, B, C, E or W
 * @param description    what the workload does
 * @param distribution   uniform or zipfian
 * @param keys           how many keys the load phase wrote
 * @param valueSize      bytes of payload per value
 * @param concurrency    operations in flight at most
 * @param warmupSeconds  length of the uncounted warm-up
 * @param durationSeconds length of the measured phase
 * @param rate           the target operations per second, or null for as fast as possible
 * @param collection     the collection written (and emptied at the end)
 * @param machine        where it ran
 * @param stores         one entry per {@code --store}, in the order given
 */
public record BenchReport(String workload, String description, String distribution, long keys, int valueSize,
                          int concurrency, double warmupSeconds, double durationSeconds, @Nullable Double rate,
                          String collection, Machine machine, List<StoreResult> stores) {

    /** The machine the run was on: load averages are taken before and after. */
    public record Machine(String startedAt, int processors, double loadAverageBefore, double loadAverageAfter,
                          String java, String os) {
    }

    /**
     * One store's results.
     *
     * @param store      the store URI, with credentials hidden
     * @param seconds    measured time, from the first operation to the last completion
     * @param throughput successful operations per second
     * @param operations successful operations
     * @param errors     failed operations (not in the latency histograms)
     * @param unstarted  with {@code --rate}: scheduled operations that were still waiting for a free slot when the
     *                   measured phase ended (the store could not keep up with the rate)
     * @param results    one entry per operation kind
     */
    public record StoreResult(String store, double seconds, double throughput, long operations, long errors,
                              long unstarted, List<OperationResult> results) {
    }

    /**
     * One operation kind on one store.
     *
     * @param operation  read, update, scan, insert or watch
     * @param count      successful operations
     * @param errors     failed operations
     * @param firstError the first failure's type and message, or null
     * @param throughput successful operations per second
     * @param latency    percentiles from the actual start
     * @param corrected  percentiles from the intended start (only with --rate), or null
     */
    public record OperationResult(String operation, long count, long errors, @Nullable String firstError,
                                  double throughput, Latency latency, @Nullable Latency corrected) {
    }

    /** Latency percentiles in microseconds; each is at least the one before it. */
    public record Latency(double mean, double p50, double p90, double p99, double p999, double max) {
    }
}
