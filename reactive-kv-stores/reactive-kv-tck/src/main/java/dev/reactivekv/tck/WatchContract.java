package dev.reactivekv.tck;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyValueStore;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Stores with {@link dev.reactivekv.Capability#WATCH}: PUT, DELETE, EXPIRE, filters, and RESYNC instead of unbounded buffering. */
public interface WatchContract extends StoreContract {

    /** Writes that overflow a subscriber that requests nothing; above the store's per-subscriber buffer. */
    default int overflowingWrites() {
        return 5_000;
    }

    static boolean isResync(KeyEvent e) {
        return e.type() == KeyEvent.Type.RESYNC;
    }

    @Test
    default void aWatchStartsWithResyncThenSeesPutsAndDeletes() {
        StepVerifier.create(store().watch(collection()))
                .expectNextMatches(WatchContract::isResync)
                .then(() -> store().put(collection(), "a", value("v"), null).block(patience()))
                .expectNext(KeyEvent.put(collection(), "a"))
                .then(() -> store().put(collection(), "a", value("v2"), null).block(patience()))
                .expectNext(KeyEvent.put(collection(), "a"))
                .then(() -> store().delete(collection(), "a").block(patience()))
                .expectNext(KeyEvent.delete(collection(), "a"))
                .thenCancel()
                .verify(patience());
    }

    @Test
    default void expiryIsAnEvent() {
        StepVerifier.create(store().watch(collection()))
                .expectNextMatches(WatchContract::isResync)
                .then(() -> store().put(collection(), "short", value("v"), Duration.ofMillis(300)).block(patience()))
                .expectNext(KeyEvent.put(collection(), "short"))
                .expectNext(KeyEvent.expire(collection(), "short"))
                .thenCancel()
                .verify(patience());
    }

    @Test
    default void bulkWritesAndDeletesAreEvents() {
        Map<String, Map<String, Object>> two = new LinkedHashMap<>();
        two.put("a", value("a"));
        two.put("b", value("b"));
        StepVerifier.create(store().watch(collection()))
                .expectNextMatches(WatchContract::isResync)
                .then(() -> store().putMany(collection(), two, null).block(patience()))
                .expectNextCount(2)
                .then(() -> store().deleteMany(collection(), java.util.List.of("a", "b")).block(patience()))
                .recordWith(java.util.ArrayList::new)
                .expectNextCount(2)
                .consumeRecordedWith(events -> assertThat(events).containsExactlyInAnyOrder(
                        KeyEvent.delete(collection(), "a"), KeyEvent.delete(collection(), "b")))
                .thenCancel()
                .verify(patience());
    }

    @Test
    default void filtersAndCollectionsAreRespected() {
        StepVerifier.create(store().watch(collection(), KeyFilter.prefix("user:")))
                .expectNextMatches(WatchContract::isResync)
                .then(() -> {
                    store().put(otherCollection(), "user:1", value("other collection"), null).block(patience());
                    store().put(collection(), "order:1", value("other prefix"), null).block(patience());
                    store().put(collection(), "user:1", value("seen"), null).block(patience());
                })
                .expectNext(KeyEvent.put(collection(), "user:1"))
                .thenCancel()
                .verify(patience());
        StepVerifier.create(store().watch(collection(), KeyFilter.key("exact")))
                .expectNextMatches(WatchContract::isResync)
                .then(() -> {
                    store().put(collection(), "exactly", value("longer"), null).block(patience());
                    store().put(collection(), "exact", value("seen"), null).block(patience());
                })
                .expectNext(KeyEvent.put(collection(), "exact"))
                .thenCancel()
                .verify(patience());
    }

    /**
     * A subscriber that requests nothing while {@link #overflowingWrites()} events happen must not be
     * handed them later: its queue overflows, is dropped, and a RESYNC stands for the gap (only what
     * the store had already taken in, such as an operator's prefetch, may come before it). A second watch that keeps up is the proof that the burst reached the store's
     * watchers before the slow one asks (a cross-process store's notifications arrive in their own
     * time); what of the burst reaches the store after that may still be delivered, never all of it.
     */
    @Test
    default void aSubscriberThatRequestsNothingGetsResyncNotAnUnboundedBuffer() {
        int writes = overflowingWrites();
        KeyEvent lastWrite = KeyEvent.put(collection(), "k" + (writes - 1));
        java.util.List<KeyEvent> keepingUp = new java.util.concurrent.CopyOnWriteArrayList<>();
        reactor.core.Disposable fast = store().watch(collection()).subscribe(keepingUp::add);
        java.util.concurrent.atomic.AtomicInteger burstDelivered = new java.util.concurrent.atomic.AtomicInteger();
        try {
            Polling.until("a watch that keeps up is live", patience(), () -> !keepingUp.isEmpty());
            StepVerifier.create(store().watch(collection()), 1)
                    .expectNextMatches(WatchContract::isResync) // live; from here on it requests nothing
                    .then(() -> {
                        Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
                        for (int i = 0; i < writes; i++) {
                            batch.put("k" + i, value("v"));
                            if (batch.size() == 500) {
                                // writers finish although nobody consumes: they are never slowed by watchers
                                store().putMany(collection(), batch, null).block(patience());
                                batch = new LinkedHashMap<>();
                            }
                        }
                        store().putMany(collection(), batch, null).block(patience());
                        Polling.until("the burst reaches the store's watchers", patience(),
                                () -> keepingUp.contains(lastWrite) || keepingUp.stream().skip(1).anyMatch(WatchContract::isResync));
                        // still requesting nothing: a bounded queue has overflowed and drops this one too
                        store().put(collection(), "after", value("v"), null).block(patience());
                    })
                    .thenRequest(Long.MAX_VALUE)
                    // events a store had already taken in (an operator's prefetch) may come first; the gap
                    // itself is signalled by a RESYNC, never replayed up to the write that followed it
                    .thenConsumeWhile(e -> !isResync(e) && !"after".equals(e.key()), e -> burstDelivered.incrementAndGet())
                    .expectNextMatches(WatchContract::isResync)
                    .then(() -> store().put(collection(), "later", value("v"), null).block(patience()))
                    // the stream goes on: the later write arrives, either as its PUT or, when a store's
                    // notifications still lag behind the burst, folded into another RESYNC (re-read)
                    .thenConsumeWhile(e -> !"later".equals(e.key()) && !isResync(e))
                    .expectNextMatches(e -> "later".equals(e.key()) || isResync(e))
                    .thenCancel()
                    .verify(patience());
        } finally {
            fast.dispose();
        }
        assertThat(burstDelivered.get()).as("events of a %d-write burst handed to a subscriber that requested nothing"
                + " during it (an unbounded buffer hands over them all)", writes).isLessThan(writes);
    }

    @Test
    default void everySubscriberSeesEveryEvent() {
        java.util.List<KeyEvent> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<KeyEvent> second = new java.util.concurrent.CopyOnWriteArrayList<>();
        reactor.core.Disposable a = store().watch(collection()).subscribe(first::add);
        reactor.core.Disposable b = store().watch(collection()).subscribe(second::add);
        try {
            Polling.until("both watches live", patience(), () -> !first.isEmpty() && !second.isEmpty());
            store().put(collection(), "x", value("v"), null).block(patience());
            Polling.until("both watches see the put", patience(),
                    () -> first.contains(KeyEvent.put(collection(), "x")) && second.contains(KeyEvent.put(collection(), "x")));
            assertThat(first.get(0).type()).isEqualTo(KeyEvent.Type.RESYNC);
            assertThat(second.get(0).type()).isEqualTo(KeyEvent.Type.RESYNC);
        } finally {
            a.dispose();
            b.dispose();
        }
    }

    @Test
    default void closingTheStoreCompletesItsWatches() {
        KeyValueStore s = newStore();
        StepVerifier.create(s.watch(collection()))
                .expectNextMatches(WatchContract::isResync)
                .then(s::close)
                .expectComplete()
                .verify(patience());
    }
}
