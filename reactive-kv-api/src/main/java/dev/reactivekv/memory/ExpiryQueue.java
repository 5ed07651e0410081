package dev.reactivekv.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Entries with a TTL, ordered by expiry, so a sweep costs what expired rather than the store's
 * size. A replaced entry leaves a stale item behind; the sweeper recognises it by version.
 */
final class ExpiryQueue {

    record Item(Instant expiresAt, long seq, String collection, String key, String version) {
    }

    private static final Comparator<Item> ORDER =
            Comparator.comparing(Item::expiresAt).thenComparingLong(Item::seq);

    private final ConcurrentSkipListSet<Item> items = new ConcurrentSkipListSet<>(ORDER);
    private final AtomicLong seq = new AtomicLong();

    void add(Instant expiresAt, String collection, String key, String version) {
        items.add(new Item(expiresAt, seq.incrementAndGet(), collection, key, version));
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
