package dev.reactivekv.spi;

import java.time.Instant;
import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Keys with a TTL ordered by expiry, for stores that sweep expired entries themselves: a sweep
 * costs what expired rather than the store's size. Thread-safe and non-blocking. An overwritten
 * entry leaves a stale item behind; the sweeper recognises it by its version, or re-reads the
 * entry when it recorded none.
 */
public final class ExpiryQueue {

    /** One scheduled expiry; {@code version} is the entry's version when the store knows it. */
    public record Item(Instant expiresAt, long seq, String collection, String key, @Nullable String version) {
    }

    private static final Comparator<Item> ORDER =
            Comparator.comparing(Item::expiresAt).thenComparingLong(Item::seq);

    private final ConcurrentSkipListSet<Item> items = new ConcurrentSkipListSet<>(ORDER);
    private final AtomicLong seq = new AtomicLong();

    public void add(Instant expiresAt, String collection, String key, @Nullable String version) {
        items.add(new Item(expiresAt, seq.incrementAndGet(), collection, key, version));
    }

    /** Hands every item due at {@code now} to the consumer, removing it. */
    public void pollDue(Instant now, Consumer<Item> consumer) {
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
