package dev.reactivekv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.cli.bench.BenchReport.Latency;
import dev.reactivekv.cli.bench.BenchReport.OperationResult;
import dev.reactivekv.cli.bench.BenchReport.StoreResult;
import dev.reactivekv.cli.bench.StoreBench.BenchRefusedException;
import dev.reactivekv.cli.bench.StoreBench.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Short benchmark runs on real stores (memory, disk, RocksDB, Redis at {@code RKV_REDIS_PORT}): the operations
 * the benchmark counts are the calls the store completed in the measured phase, the percentiles are monotonic,
 * and the collection is empty again afterwards.
 */
class StoreBenchTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    String uri(String scheme) {
        return switch (scheme) {
            case "memory" -> "memory:";
            case "disk", "rocksdb" -> scheme + ":" + dir.resolve(scheme);
            case "redis" -> "redis://127.0.0.1:" + System.getenv().getOrDefault("RKV_REDIS_PORT", "16379");
            default -> throw new IllegalArgumentException(scheme);
        };
    }

    static BenchOptions quick(Workload workload) {
        return BenchOptions.defaults(workload).withKeys(200, "zipfian").withLoad(64, 4, null)
                .withTimes(Duration.ofMillis(100), Duration.ofMillis(300))
                .withCollection("rkv-bench-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Runs the bench and returns the result with the store calls completed during the measured phase. */
    record Run(StoreResult result, CountingStore.Counts measured) {
        OperationResult op(Workload.Operation operation) {
            return result.results().stream().filter(r -> r.operation().equals(operation.label())).findFirst()
                    .orElseThrow();
        }
    }

    static Run run(KeyValueStore kv, BenchOptions options) {
        CountingStore counting = new CountingStore(kv, false);
        CountingStore.Counts[] marks = new CountingStore.Counts[2];
        StoreBench bench = new StoreBench(counting, "test", options, phase -> {
            if (phase == Phase.MEASURE) {
                marks[0] = counting.counts();
            } else if (phase == Phase.CLEANUP) {
                marks[1] = counting.counts();
            }
        });
        bench.check(false);
        StoreResult result = bench.run();
        assertThat(kv.keys(options.collection()).collectList().block(TIMEOUT)).as("keys left behind").isEmpty();
        return new Run(result, marks[1].minus(marks[0]));
    }

    static void assertMonotonic(Latency l) {
        assertThat(l.p50()).isPositive();
        assertThat(l.p50()).isLessThanOrEqualTo(l.p90());
        assertThat(l.p90()).isLessThanOrEqualTo(l.p99());
        assertThat(l.p99()).isLessThanOrEqualTo(l.p999());
        assertThat(l.p999()).isLessThanOrEqualTo(l.max());
    }

    static void assertNoErrorsAndMonotonic(StoreResult result) {
        assertThat(result.errors()).as("errors: %s", result).isZero();
        assertThat(result.operations()).isPositive();
        for (OperationResult op : result.results()) {
            if (op.count() > 0) { // a 5 % operation may not occur in a short run on a slow machine
                assertMonotonic(op.latency());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"memory,A", "disk,A", "rocksdb,A", "redis,A", "rocksdb,E", "redis,E"})
    void countedOperationsAreTheCallsTheStoreCompleted(String scheme, Workload workload) {
        try (KeyValueStore kv = KeyValueStores.open(uri(scheme))) {
            Run run = run(kv, quick(workload));
            assertNoErrorsAndMonotonic(run.result());
            if (workload == Workload.A) {
                assertThat(run.op(Workload.Operation.READ).count()).isEqualTo(run.measured().gets());
                assertThat(run.op(Workload.Operation.UPDATE).count()).isEqualTo(run.measured().puts());
                assertThat(run.measured().keyPages()).isZero();
            } else {
                assertThat(run.op(Workload.Operation.SCAN).count()).isEqualTo(run.measured().keyPages());
                assertThat(run.op(Workload.Operation.INSERT).count()).isEqualTo(run.measured().puts());
                assertThat(run.measured().gets()).isZero();
            }
            assertThat(run.result().operations())
                    .isEqualTo(run.measured().gets() + run.measured().puts() + run.measured().keyPages());
        }
    }

    @ParameterizedTest
    @CsvSource({"memory", "redis"})
    void watchLatencyIsOnePutPerEvent(String scheme) {
        try (KeyValueStore kv = KeyValueStores.open(uri(scheme))) {
            Run run = run(kv, quick(Workload.W));
            assertNoErrorsAndMonotonic(run.result());
            assertThat(run.op(Workload.Operation.WATCH).count()).isEqualTo(run.measured().puts());
        }
    }

    @Test
    void pacedRunReportsCorrectedLatenciesAtLeastTheRawOnes() {
        try (KeyValueStore kv = KeyValueStores.open("memory:")) {
            BenchOptions options = quick(Workload.B).withLoad(64, 2, 2000.0)
                    .withTimes(Duration.ZERO, Duration.ofMillis(500));
            Run run = run(kv, options);
            StoreResult result = run.result();
            assertThat(result.errors()).isZero();
            // the schedule holds 1000 operations: each was done or counted as never started
            assertThat(result.operations() + result.unstarted()).isEqualTo(1000);
            for (OperationResult op : result.results()) {
                assertThat(op.corrected()).isNotNull();
                assertMonotonic(op.corrected());
                assertThat(op.corrected().p50()).isGreaterThanOrEqualTo(op.latency().p50());
                assertThat(op.corrected().p99()).isGreaterThanOrEqualTo(op.latency().p99());
                assertThat(op.corrected().max()).isGreaterThanOrEqualTo(op.latency().max());
            }
            assertThat(run.measured().gets() + run.measured().puts()).isEqualTo(result.operations());
        }
    }

    @Test
    void refusesToWatchOnAStoreThatCannotAndWritesNothing() {
        try (KeyValueStore kv = KeyValueStores.open("memory:")) {
            BenchOptions options = quick(Workload.W);
            StoreBench bench = new StoreBench(new CountingStore(kv, true), "no-watch", options, phase -> { });
            assertThatThrownBy(() -> bench.check(false)).isInstanceOf(BenchRefusedException.class)
                    .hasMessageContaining("no-watch cannot watch");
            assertThat(kv.keys(options.collection()).collectList().block(TIMEOUT)).isEmpty();
        }
    }

    @Test
    void refusesANonEmptyCollectionUnlessForcedAndThenDeletesOnlyItsOwnKeys() {
        try (KeyValueStore kv = KeyValueStores.open("memory:")) {
            BenchOptions options = quick(Workload.A);
            kv.put(options.collection(), "users-own", Map.of("keep", true)).block(TIMEOUT);
            StoreBench refused = new StoreBench(kv, "memory:", options, phase -> { });
            assertThatThrownBy(() -> refused.check(false)).isInstanceOf(BenchRefusedException.class)
                    .hasMessageContaining("already holds keys (e.g. 'users-own')");
            StoreBench forced = new StoreBench(kv, "memory:", options, phase -> { });
            forced.check(true);
            assertThat(forced.run().operations()).isPositive();
            assertThat(kv.keys(options.collection()).collectList().block(TIMEOUT)).containsExactly("users-own");
        }
    }

    @Test
    void zipfianFavoursLowRanksLikeYcsb() {
        ZipfianKeyChooser zipf = new ZipfianKeyChooser(1000, ZipfianKeyChooser.YCSB_CONSTANT);
        SplittableRandom random = new SplittableRandom(42);
        long[] hits = new long[1000];
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            hits[(int) zipf.nextRank(random)]++;
            long key = zipf.next(random);
            assertThat(key).isBetween(0L, 999L);
        }
        double zeta = ZipfianKeyChooser.zeta(1000, ZipfianKeyChooser.YCSB_CONSTANT);
        // P(rank i) = 1 / ((i+1)^theta * zeta(n)): exact for ranks 0 and 1, approximated by the method beyond
        for (int rank : new int[]{0, 1}) {
            double expected = draws / (Math.pow(rank + 1, ZipfianKeyChooser.YCSB_CONSTANT) * zeta);
            assertThat((double) hits[rank]).as("rank %d", rank).isCloseTo(expected, withPercentage(5));
        }
        assertThat(hits[1]).isGreaterThan(hits[2]);
        assertThat(hits[2]).isGreaterThan(hits[9]);
        assertThat(hits[9]).isGreaterThan(hits[99]);
        assertThat(hits[99]).isGreaterThan(hits[999]);
    }
}
