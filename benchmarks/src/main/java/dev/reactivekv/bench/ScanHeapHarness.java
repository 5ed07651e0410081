package dev.reactivekv.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.ScanOptions;
import org.openjdk.jmh.infra.Blackhole;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Proves that {@code keys()} pages by demand: fills a collection with N keys, then scans it with a slow
 * consumer on its own thread (about 1 µs of work per key, requesting one key at a time behind a 64-key
 * hand-off) and samples the <em>retained</em> heap (used after a full GC) every N/10 keys. The growth is
 * the peak sample minus the sample taken before the scan. As a control it then collects every key into
 * a list ({@code collectList()}), which is what an eager, non-paged scan would retain; if the paged scan
 * grows far less than the control, the measurement is sensitive and paging works.
 *
 * <pre>java -Xmx1g -cp benchmarks.jar dev.reactivekv.bench.ScanHeapHarness URI KEYS OUT.json</pre>
 * URI is any store URI ({@code memory:}, {@code redis://127.0.0.1:16379/7}, {@code disk:/tmp/x}).
 */
public final class ScanHeapHarness {

    private static final String COLLECTION = "scanheap";

    private ScanHeapHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ScanHeapHarness URI KEYS OUT.json");
            System.exit(2);
        }
        String uri = args[0];
        int keys = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        try (KeyValueStore store = KeyValueStores.open(uri)) {
            store.destroyCollection(COLLECTION).block();
            long fillStart = System.nanoTime();
            Scans.fill(store, COLLECTION, keys);
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

            long before = retainedHeap();
            Result paged = slowScan(store, keys);
            long after = retainedHeap();

            long controlBefore = retainedHeap();
            List<String> all = store.keys(COLLECTION, ScanOptions.all().withPageSize(1000)).collectList().block();
            long control = retainedHeap() - controlBefore;
            int collected = all == null ? 0 : all.size();
            all = null; // release before cleanup

            store.destroyCollection(COLLECTION).block();
            String json = String.format(Locale.ROOT,
                    "{\"uri\":\"%s\",\"keys\":%d,\"emitted\":%d,\"pageSize\":%d,\"demand\":%d,\"fillSeconds\":%.3f,"
                            + "\"scanSeconds\":%.3f,\"keysPerSecond\":%.1f,\"heapBeforeBytes\":%d,\"heapPeakDuringBytes\":%d,"
                            + "\"heapAfterBytes\":%d,\"growthBytes\":%d,\"controlCollectListBytes\":%d,\"controlKeys\":%d,"
                            + "\"samplesBytes\":%s}%n",
                    uri.replace("\"", ""), keys, paged.emitted, 1000, Scans.SLOW_DEMAND, fillSeconds, paged.seconds,
                    paged.emitted / paged.seconds, before, paged.peak, after, paged.peak - before, control, collected,
                    paged.samples);
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.out.print(json);
            if (paged.emitted != keys || collected != keys) {
                System.err.println("scan saw " + paged.emitted + " / control " + collected + " of " + keys + " keys");
                System.exit(1);
            }
        }
    }

    private record Result(long emitted, double seconds, long peak, String samples) {
    }

    private static Result slowScan(KeyValueStore store, int keys) throws InterruptedException {
        Scheduler consumer = Schedulers.newSingle("slow-consumer");
        long every = Math.max(1, keys / 10);
        AtomicLong peak = new AtomicLong();
        AtomicLong emitted = new AtomicLong();
        AtomicReference<Throwable> error = new AtomicReference<>();
        StringBuilder samples = new StringBuilder("[");
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        store.keys(COLLECTION, ScanOptions.all().withPageSize(1000))
                .publishOn(consumer, Scans.SLOW_DEMAND)
                .subscribe(new BaseSubscriber<String>() {
                    @Override
                    protected void hookOnSubscribe(Subscription s) {
                        request(1);
                    }

                    @Override
                    protected void hookOnNext(String key) {
                        Blackhole.consumeCPU(Scans.SLOW_TOKENS);
                        long n = emitted.incrementAndGet();
                        if (n % every == 0) {
                            long used = retainedHeap();
                            peak.accumulateAndGet(used, Math::max);
                            samples.append(samples.length() > 1 ? "," : "").append(used);
                        }
                        request(1);
                    }

                    @Override
                    protected void hookOnError(Throwable t) {
                        error.set(t);
                        done.countDown();
                    }

                    @Override
                    protected void hookOnComplete() {
                        done.countDown();
                    }
                });
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("scan did not finish");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        consumer.dispose();
        if (error.get() != null) {
            throw new IllegalStateException("scan failed", error.get());
        }
        // samples' GC pauses are inside the timing; subtract nothing, but say so in the docs
        return new Result(emitted.get(), seconds, peak.get(), samples.append(']').toString());
    }

    /** Heap in use after a full collection: what is still reachable. */
    static long retainedHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

}
