package dev.reactivekv.spi;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.reactivekv.KeyEvent;
import org.jspecify.annotations.Nullable;

/**
 * Turns one collection's change feed into exact {@link KeyEvent}s for a store whose server removes expired
 * entries late, as plain deletes (MongoDB's TTL monitor, DynamoDB's TTL): it announces {@code EXPIRE} at
 * each written entry's expiry by the store's clock, and swallows the server's later removal of an entry it
 * already announced.
 *
 * <p>Not thread-safe: a feed calls it under its own lock, and hands what it emits to its
 * {@link WatchHub} after releasing that lock.
 */
public final class ExpiryAnnouncer {

    private final String collection;
    private final ExpiryQueue queue = new ExpiryQueue();
    private final Map<String, Instant> scheduled = new HashMap<>();
    private final Map<String, Instant> announced = new HashMap<>();

    public ExpiryAnnouncer(String collection) {
        this.collection = collection;
    }

    public String collection() {
        return collection;
    }

    /** An entry was written: emits PUT and schedules its EXPIRE, replacing any earlier schedule of the key. */
    public void written(String key, @Nullable Instant expiresAt, Consumer<KeyEvent> out) {
        announced.remove(key);
        if (expiresAt == null) {
            scheduled.remove(key);
        } else {
            scheduled.put(key, expiresAt);
            queue.add(expiresAt, collection, key, expiresAt.toString());
        }
        out.accept(KeyEvent.put(collection, key));
    }

    /**
     * An entry was removed: nothing when its EXPIRE was already announced; EXPIRE when it had expired by
     * {@code now} or {@code expiredByServer} says the server's TTL removed it; DELETE otherwise.
     */
    public void removed(String key, Instant now, boolean expiredByServer, Consumer<KeyEvent> out) {
        Instant wasAnnounced = announced.remove(key);
        Instant due = scheduled.remove(key);
        if (wasAnnounced != null) {
            return;
        }
        boolean expired = expiredByServer || due != null && !due.isAfter(now);
        out.accept(expired ? KeyEvent.expire(collection, key) : KeyEvent.delete(collection, key));
    }

    /** Announces every entry whose expiry has come by {@code now}. */
    public void sweep(Instant now, Consumer<KeyEvent> out) {
        queue.pollDue(now, item -> {
            Instant current = scheduled.get(item.key());
            if (current != null && current.toString().equals(item.version())) {
                scheduled.remove(item.key());
                announced.put(item.key(), current);
                out.accept(KeyEvent.expire(collection, item.key()));
            }
        });
    }
}
