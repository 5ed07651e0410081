package dev.reactivekv.spi;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * In-process fan-out of {@link KeyEvent}s for stores that see their own writes.
 *
 * <p>Every stream starts with a {@code RESYNC} once the subscription is live: read the state you
 * care about after it, and no later change can be missed.
 *
 * <p>Publishing never blocks and never waits for subscribers: each subscriber has a bounded
 * queue; when it is full, the pending events are dropped and a single {@code RESYNC} is delivered
 * once the subscriber requests again. Events are delivered on the publishing thread or on the
 * thread that requests, whichever drains first.
 *
 * <p>To keep per-key order equal to write order, a store {@linkplain #enqueue enqueues} while it
 * still holds whatever serializes writes to that key and {@linkplain #drain drains} after releasing
 * it, so subscriber code never runs under a store lock.
 */
public final class WatchHub {

    /** Events a subscriber may have pending before it is resynchronized. */
    public static final int DEFAULT_BUFFER = 1024;

    private final int buffer;
    private final ConcurrentHashMap<String, Set<Watcher>> byCollection = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public WatchHub() {
        this(DEFAULT_BUFFER);
    }

    public WatchHub(int bufferPerSubscriber) {
        if (bufferPerSubscriber < 1) {
            throw new IllegalArgumentException("bufferPerSubscriber must be positive");
        }
        this.buffer = bufferPerSubscriber;
    }

    /** A hot stream of the collection's events that match the filter; completes when the hub closes. */
    public Flux<KeyEvent> subscribe(String collection, KeyFilter filter) {
        return Flux.create(sink -> {
            if (closed) {
                sink.complete();
                return;
            }
            Watcher w = new Watcher(collection, filter, sink, buffer);
            Set<Watcher> set = byCollection.computeIfAbsent(collection, c -> ConcurrentHashMap.newKeySet());
            set.add(w);
            w.overflowed = true;
            sink.onRequest(n -> w.drain());
            sink.onDispose(() -> set.remove(w));
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /** Whether anybody watches the collection (lets a store skip building events). */
    public boolean isWatched(String collection) {
        Set<Watcher> set = byCollection.get(collection);
        return set != null && !set.isEmpty();
    }

    /** Queues the event for every matching subscriber without delivering it. Never blocks. */
    public void enqueue(KeyEvent event) {
        Set<Watcher> set = byCollection.get(event.collection());
        if (set != null) {
            for (Watcher w : set) {
                w.offer(event);
            }
        }
    }

    /** Delivers what is queued for the collection's subscribers, as far as their demand allows. */
    public void drain(String collection) {
        Set<Watcher> set = byCollection.get(collection);
        if (set != null) {
            for (Watcher w : set) {
                w.drain();
            }
        }
    }

    /** {@link #enqueue} then {@link #drain}. */
    public void publish(KeyEvent event) {
        enqueue(event);
        drain(event.collection());
    }

    /** Tells every subscriber of every collection to re-read (after a reconnect, say). */
    public void resyncAll() {
        byCollection.values().forEach(set -> set.forEach(Watcher::resync));
    }

    /** Completes every subscriber; later subscribers complete at once. */
    public void close() {
        closed = true;
        byCollection.values().forEach(set -> set.forEach(w -> w.sink.complete()));
        byCollection.clear();
    }

    private static final class Watcher {
        final String collection;
        final KeyFilter filter;
        final FluxSink<KeyEvent> sink;
        final int capacity;
        final Queue<KeyEvent> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger size = new AtomicInteger();
        final AtomicInteger wip = new AtomicInteger();
        volatile boolean overflowed;

        Watcher(String collection, KeyFilter filter, FluxSink<KeyEvent> sink, int capacity) {
            this.collection = collection;
            this.filter = filter;
            this.sink = sink;
            this.capacity = capacity;
        }

        void offer(KeyEvent event) {
            if (event.key() != null && !filter.matches(event.key())) {
                return;
            }
            if (event.type() == KeyEvent.Type.RESYNC) {
                overflowed = true;
                return;
            }
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                overflowed = true;
            } else {
                queue.offer(event);
            }
        }

        void resync() {
            overflowed = true;
            drain();
        }

        void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (!sink.isCancelled() && sink.requestedFromDownstream() > 0) {
                    if (overflowed) {
                        overflowed = false;
                        while (queue.poll() != null) {
                            size.decrementAndGet();
                        }
                        sink.next(KeyEvent.resync(collection));
                        continue;
                    }
                    KeyEvent e = queue.poll();
                    if (e == null) {
                        break;
                    }
                    size.decrementAndGet();
                    sink.next(e);
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }
    }
}
