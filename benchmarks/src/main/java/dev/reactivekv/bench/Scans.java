package dev.reactivekv.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;

/** Filling a collection and scanning it, shared by every backend's scan benchmark and the heap harness. */
public final class Scans {

    /** Keys written per {@code putMany} while filling. */
    static final int FILL_BATCH = 1000;
    /** CPU work per key of the slow consumer ({@link Blackhole#consumeCPU} tokens, about 1 µs). */
    public static final long SLOW_TOKENS = 250;
    /** The slow consumer asks for this many keys at a time, so the store sees real, small demand. */
    public static final int SLOW_DEMAND = 64;

    private Scans() {
    }

    /** Writes {@code count} keys with 16 B values, {@value #FILL_BATCH} per {@code putMany}. */
    public static void fill(KeyValueStore store, String collection, int count) {
        Map<String, Object> value = BenchValues.value(16);
        Flux.range(0, (count + FILL_BATCH - 1) / FILL_BATCH)
                .concatMap(b -> {
                    Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
                    for (int i = b * FILL_BATCH; i < Math.min(count, (b + 1) * FILL_BATCH); i++) {
                        batch.put(BenchValues.key(i), value);
                    }
                    return store.putMany(collection, batch, null);
                }, 1)
                .blockLast();
    }

    /** Scans every key as fast as the store goes (unbounded demand); returns the count. */
    public static long scanFast(KeyValueStore store, String collection, int pageSize) {
        Long n = store.keys(collection, ScanOptions.all().withPageSize(pageSize)).count().block();
        return n == null ? 0 : n;
    }

    /** Scans every key with a consumer doing ~1 µs of work per key and asking {@value #SLOW_DEMAND} at a time. */
    public static long scanSlow(KeyValueStore store, String collection, int pageSize) {
        Long n = store.keys(collection, ScanOptions.all().withPageSize(pageSize))
                .limitRate(SLOW_DEMAND)
                .doOnNext(k -> Blackhole.consumeCPU(SLOW_TOKENS))
                .count()
                .block();
        return n == null ? 0 : n;
    }

    /** Removes a benchmark's scratch directory and everything in it; absent or null is fine. */
    static void deleteTree(java.nio.file.Path root) throws java.io.IOException {
        if (root == null || !java.nio.file.Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(root)) {
            for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }
}
