package dev.reactivekv.disk;

import java.time.Instant;
import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keys with a TTL ordered by expiry, so a sweep costs what expired rather than the store's size.
 * An overwritten entry leaves a stale item; the sweeper re-reads the entry before removing anything.
 */
final class ExpiryQueue {

    record Item(Instant expiresAt, long seq, String collection, String key) {
    }

    private static final Comparator<Item> ORDER =
            Comparator.comparing(Item::expiresAt).thenComparingLong(Item::seq);

    private final ConcurrentSkipListSet<Item> items = new ConcurrentSkipListSet<>(ORDER);
    private final AtomicLong seq = new AtomicLong();

    void add(Instant expiresAt, String collection, String key) {
        items.add(new Item(expiresAt, seq.incrementAndGet(), collection, key));
    }

    /** Hands every item due at {@code now} to the consumer, removing it. */
    void pollDue(Instant now, Consumer<Item> consumer) {
        for (;;) {
            Item head;
            try {
                head = items.first();
            } catch (NoSuchElementException empty) {
                return;
            }
            if (head.expiresAt().isAfter(now)) {
                return;
            }
            if (items.remove(head)) {
                consumer.accept(head);
            }
        }
    }
}
