package dev.reactivekv.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.cli.bench.BenchReport.OperationResult;
import dev.reactivekv.cli.bench.BenchReport.StoreResult;
import dev.reactivekv.cli.bench.Workload.Operation;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.KeyValueException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One benchmark run on one store: a load phase (the keys, written with {@code putMany}), an uncounted warm-up,
 * the measured phase, then the clean-up, which deletes every key the run wrote and nothing else.
 *
 * <p>Operations are issued reactively, at most {@link BenchOptions#concurrency()} in flight, with no thread per
 * operation. Without a rate, a new operation starts as soon as one completes. With a rate, operation {@code i} is
 * due at {@code start + i / rate} on a fixed schedule; when every slot is busy it starts late, and its corrected
 * latency is measured from when it was due. {@link #run()} blocks the calling thread (which must not be a
 * non-blocking one); {@link #stopAndCleanUp(Duration)} may be called from any other thread, e.g. a shutdown hook.
 */
public final class StoreBench {

    /** The phases in order, reported to the listener as each begins. */
    public enum Phase { CHECK, LOAD, WARMUP, MEASURE, CLEANUP, DONE }

    static final String WATCH_PREFIX = "watch-";

    private final KeyValueStore store;
    private final String label;
    private final BenchOptions options;
    private final Consumer<Phase> listener;
    private final Map<String, Object> value;
    private final Sinks.Empty<Void> stop = Sinks.empty();
    private final AtomicLong nextInsert;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean cleaning = new AtomicBoolean();
    private final CountDownLatch cleaned = new CountDownLatch(1);
    private final Map<String, Sinks.One<Long>> pendingEvents = new ConcurrentHashMap<>();
    private final Queue<Integer> freeWatchSlots = new ConcurrentLinkedQueue<>();
    private volatile boolean loaded;
    private volatile Phase phase = Phase.CHECK;
    private volatile long unstarted;

    /**
     * @param store    the store (not closed here)
     * @param label    how reports name it (credentials hidden)
     * @param options  the run
     * @param listener told as each phase begins, on the thread calling {@link #run()}
     */
    public StoreBench(KeyValueStore store, String label, BenchOptions options, Consumer<Phase> listener) {
        this.store = store;
        this.label = label;
        this.options = options;
        this.listener = listener;
        this.value = Map.of("data", payload(options.valueSize()));
        this.nextInsert = new AtomicLong(options.keys());
        IntStream.range(0, options.concurrency()).forEach(freeWatchSlots::add);
    }

    /** Zero-padded so that ordered stores keep the keys in index order. */
    static String key(long index) {
        String digits = Long.toString(index);
        return "k" + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }

    private static String payload(int size) {
        StringBuilder sb = new StringBuilder(size);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < size; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    /**
     * Fails with {@link BenchRefusedException} when the store cannot run the workload or the collection already
     * holds keys (unless {@code force}); writes nothing.
     */
    public void check(boolean force) {
        phase(Phase.CHECK);
        if (options.workload() == Workload.W && !store.capabilities().contains(Capability.WATCH)) {
            throw new BenchRefusedException(label + " cannot watch (it does not declare the WATCH capability): "
                    + "workload W needs it");
        }
        if (!force) {
            List<String> existing = store.keys(options.collection()).take(1).collectList().block(options.timeout());
            if (existing != null && !existing.isEmpty()) {
                throw new BenchRefusedException("collection '" + options.collection() + "' in " + label
                        + " already holds keys (e.g. '" + existing.get(0) + "'); choose another --collection, "
                        + "or --force to run there anyway (only the keys the benchmark writes are deleted)");
            }
        }
    }

    /** Runs the phases and returns the measured results; always cleans up, also when a phase fails. */
    public StoreResult run() {
        Disposable watch = null;
        try {
            phase(Phase.LOAD);
            load();
            if (options.workload() == Workload.W) {
                watch = startWatching();
            }
            Map<Operation, LatencyRecorder> ignored = recorders();
            phase(Phase.WARMUP);
            if (!options.warmup().isZero()) {
                runPhase(options.warmup(), ignored, false);
            }
            Map<Operation, LatencyRecorder> measured = recorders();
            phase(Phase.MEASURE);
            long start = System.nanoTime();
            runPhase(options.duration(), measured, true);
            double seconds = (System.nanoTime() - start) / 1e9;
            return result(measured, seconds);
        } finally {
            if (watch != null) {
                watch.dispose();
            }
            stopAndCleanUp(options.timeout().multipliedBy(3));
            phase(Phase.DONE);
        }
    }

    /** The current phase, for progress lines. */
    public Phase phase() {
        return phase;
    }

    /** Operations completed (or failed) in the current phase so far. */
    public long completed() {
        return completed.get();
    }

    private void phase(Phase next) {
        phase = next;
        completed.set(0);
        listener.accept(next);
    }

    private Map<Operation, LatencyRecorder> recorders() {
        Map<Operation, LatencyRecorder> map = new EnumMap<>(Operation.class);
        for (Operation op : options.workload().operations()) {
            map.put(op, new LatencyRecorder(options.rate() != null));
        }
        return map;
    }

    private void load() {
        loaded = true;
        int batch = 100;
        Flux.range(0, (int) Math.ceil(options.keys() / (double) batch))
                .flatMap(b -> {
                    Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
                    for (long i = (long) b * batch; i < Math.min(options.keys(), (long) (b + 1) * batch); i++) {
                        entries.put(key(i), value);
                    }
                    return store.putMany(options.collection(), entries, null).timeout(options.timeout())
                            .doOnSuccess(v -> completed.addAndGet(entries.size()));
                }, Math.min(options.concurrency(), 8))
                .takeUntilOther(stop.asMono())
                .blockLast();
    }

    /** Subscribes to the collection's watch and waits (bounded) until an event arrives. */
    private Disposable startWatching() {
        Disposable subscription = store.watch(options.collection(), KeyFilter.prefix(WATCH_PREFIX))
                .filter(e -> e.type() == KeyEvent.Type.PUT && e.key() != null)
                .subscribe(e -> {
                    Sinks.One<Long> waiting = pendingEvents.remove(e.key());
                    if (waiting != null) {
                        waiting.tryEmitValue(System.nanoTime());
                    }
                }, e -> pendingEvents.values().forEach(s -> s.tryEmitError(e)));
        String probe = WATCH_PREFIX + "ready";
        Sinks.One<Long> seen = Sinks.one();
        pendingEvents.put(probe, seen);
        try {
            Flux.interval(Duration.ZERO, Duration.ofMillis(200))
                    .onBackpressureDrop()
                    .concatMap(i -> store.put(options.collection(), probe, value, null))
                    .takeUntilOther(seen.asMono())
                    .then(seen.asMono())
                    .timeout(options.timeout(), Mono.error(() -> new StoreTimeoutException(
                            label + ": no watch event within " + options.timeout() + " of a put")))
                    .block();
        } catch (RuntimeException e) {
            subscription.dispose();
            throw e;
        }
        return subscription;
    }

    private void runPhase(Duration length, Map<Operation, LatencyRecorder> recorders, boolean measured) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        Flux<Long> due;
        AtomicLong issued = new AtomicLong();
        if (options.rate() == null) {
            due = Flux.generate(sink -> {
                long now = System.nanoTime();
                if (now >= end) {
                    sink.complete();
                } else {
                    sink.next(now);
                }
            });
        } else {
            double period = 1e9 / options.rate();
            due = Flux.<Long, Long>generate(() -> 0L, (i, sink) -> {
                long at = start + (long) (i * period);
                if (at >= end || System.nanoTime() >= end) {
                    sink.complete();
                } else {
                    sink.next(at);
                }
                return i + 1;
            }).concatMap(at -> {
                long wait = at - System.nanoTime();
                return wait <= 0 ? Mono.just(at) : Mono.delay(Duration.ofNanos(wait)).thenReturn(at);
            }, 1);
        }
        due.takeUntilOther(stop.asMono())
                .doOnNext(at -> issued.incrementAndGet())
                .flatMap(at -> operation(at, recorders), options.concurrency(), 1)
                .blockLast();
        if (measured && options.rate() != null) {
            long scheduled = (long) Math.ceil(length.toNanos() / 1e9 * options.rate());
            unstarted = Math.max(0, scheduled - issued.get());
        }
    }

    private Mono<Void> operation(long intendedStart, Map<Operation, LatencyRecorder> recorders) {
        return Mono.defer(() -> {
            Operation op = options.workload().next(ThreadLocalRandom.current());
            LatencyRecorder recorder = recorders.get(op);
            long actualStart = System.nanoTime();
            inFlight.incrementAndGet();
            return execute(op)
                    .timeout(options.timeout())
                    .then()
                    .doOnSuccess(v -> recorder.success(intendedStart, actualStart, System.nanoTime()))
                    .onErrorResume(e -> {
                        recorder.failure(e);
                        return Mono.empty();
                    })
                    .doFinally(s -> {
                        inFlight.decrementAndGet();
                        completed.incrementAndGet();
                    });
        });
    }

    private Mono<?> execute(Operation op) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String collection = options.collection();
        return switch (op) {
            case READ -> store.get(collection, key(options.chooser().next(random)));
            case UPDATE -> store.put(collection, key(options.chooser().next(random)), value, null);
            case INSERT -> store.put(collection, key(nextInsert.getAndIncrement()), value, null);
            case SCAN -> scan(random);
            case WATCH -> putAndAwaitEvent();
        };
    }

    /**
     * YCSB's short scan: 1 to 100 keys from a chosen one on stores that scan in order; on the others (no
     * {@code after} there) the first page of that size, which costs the same round trip.
     */
    private Mono<?> scan(ThreadLocalRandom random) {
        int length = 1 + random.nextInt(100);
        ScanOptions page = ScanOptions.all().withPageSize(length);
        if (store.capabilities().contains(Capability.ORDERED_SCAN)) {
            page = page.withAfter(key(options.chooser().next(random)));
        }
        return store.keyPage(options.collection(), page);
    }

    private Mono<Long> putAndAwaitEvent() {
        Integer slot = freeWatchSlots.poll();
        if (slot == null) {
            return Mono.error(new IllegalStateException("more watch operations in flight than --concurrency"));
        }
        String key = WATCH_PREFIX + slot;
        Sinks.One<Long> event = Sinks.one();
        pendingEvents.put(key, event);
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                pendingEvents.remove(key, event);
                freeWatchSlots.add(slot);
            }
        };
        return store.put(options.collection(), key, value, null)
                .then(event.asMono())
                // before the completion reaches flatMap, which may start the next operation at once
                .doOnTerminate(release)
                .doOnCancel(release);
    }

    private StoreResult result(Map<Operation, LatencyRecorder> recorders, double seconds) {
        List<OperationResult> results = new ArrayList<>();
        long ok = 0;
        long errors = 0;
        for (Map.Entry<Operation, LatencyRecorder> e : recorders.entrySet()) {
            results.add(e.getValue().result(e.getKey().label(), seconds));
            ok += e.getValue().count();
            errors += e.getValue().errors();
        }
        return new StoreResult(label, seconds, seconds > 0 ? ok / seconds : 0, ok, errors, unstarted, results);
    }

    /**
     * Stops issuing operations, waits (bounded) for those in flight, and deletes every key this run wrote:
     * the loaded keys, the inserted ones and the watch keys. Idempotent; a second caller waits for the first.
     * Returns false when the clean-up did not finish within {@code bound}.
     */
    public boolean stopAndCleanUp(Duration bound) {
        stop.tryEmitEmpty();
        if (!cleaning.compareAndSet(false, true)) {
            try {
                return cleaned.await(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        try {
            if (!loaded) {
                return true;
            }
            phase(Phase.CLEANUP);
            long deadline = System.nanoTime() + bound.toNanos();
            Mono.fromCallable(inFlight::get).filter(n -> n == 0)
                    .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(10)))
                    .timeout(bound.dividedBy(4), Mono.just(0))
                    .block();
            Flux<String> watchKeys = options.workload() != Workload.W ? Flux.empty()
                    : Flux.range(0, options.concurrency()).map(i -> WATCH_PREFIX + i).concatWith(Mono.just(WATCH_PREFIX + "ready"));
            Flux.range(0, (int) Math.min(Integer.MAX_VALUE, nextInsert.get())).map(i -> key(i)).concatWith(watchKeys)
                    .buffer(500)
                    .concatMap(keys -> store.deleteMany(options.collection(), keys))
                    .timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                    .blockLast();
            return true;
        } finally {
            cleaned.countDown();
        }
    }

    /** The store's label in reports. */
    public String label() {
        return label;
    }

    /** How an unusable store or a non-empty collection is refused, before anything is written. */
    public static final class BenchRefusedException extends KeyValueException {
        public BenchRefusedException(String message) {
            super(message);
        }
    }
}
