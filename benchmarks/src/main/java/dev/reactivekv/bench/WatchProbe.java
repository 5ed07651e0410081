package dev.reactivekv.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import reactor.core.Disposable;

/**
 * Measures put-to-event latency: a watch subscriber counts PUT events; {@link #putAndAwait} writes and
 * spins until its event has arrived. The whole call is the latency a watcher observes after a writer
 * starts a put. RESYNC events (a dropped event) are counted separately and make the call fail, so a
 * lost event is reported, never averaged away.
 */
public final class WatchProbe implements AutoCloseable {

    private static final long TIMEOUT_NANOS = Duration.ofSeconds(10).toNanos();

    private final KeyValueStore store;
    private final String collection;
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final Disposable subscription;
    private long expected;

    public WatchProbe(KeyValueStore store, String collection) {
        this.store = store;
        this.collection = collection;
        this.subscription = store.watch(collection).subscribe(this::onEvent);
        // every watch starts with RESYNC once live; wait for it so no put is missed
        spinUntil(() -> resyncs.get() >= 1, "the watch's first RESYNC", false);
        resyncs.set(0);
    }

    private void onEvent(KeyEvent e) {
        if (e.type() == KeyEvent.Type.PUT) {
            puts.incrementAndGet();
        } else if (e.type() == KeyEvent.Type.RESYNC) {
            resyncs.incrementAndGet();
        }
    }

    /** Writes {@code key} and returns once the watcher has seen that put. Not for concurrent use. */
    public long putAndAwait(String key, Map<String, Object> value) {
        long target = ++expected;
        store.put(collection, key, value).block();
        spinUntil(() -> puts.get() >= target, "the PUT event", true);
        return target;
    }

    private void spinUntil(java.util.function.BooleanSupplier done, String what, boolean lossIsFailure) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!done.getAsBoolean()) {
            if (lossIsFailure && resyncs.get() > 0) {
                throw new IllegalStateException("watch lost events (RESYNC) while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
