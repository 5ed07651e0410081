package dev.reactivekv.mongodb;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.spi.ExpiryAnnouncer;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

/**
 * What one collection's change feed remembers to turn MongoDB changes into {@link KeyEvent}s.
 *
 * <ul>
 *   <li><b>Expiry.</b> A change stream never says "expired": MongoDB's TTL monitor deletes expired
 *       documents up to a minute late, as plain deletes. So the feed schedules an {@code EXPIRE} at
 *       each written entry's {@code expires_at} (by the store's clock) and swallows the later delete
 *       of an entry it already announced as expired.</li>
 *   <li><b>Delete events name only {@code _id}.</b> Documents this store creates have {@code _id = key};
 *       for others (py-key-value's ObjectIds) the feed remembers the {@code _id} of documents it saw
 *       written, in a bounded map. A delete it cannot name becomes {@code RESYNC}.</li>
 * </ul>
 * The expiry part is the SPI's {@link ExpiryAnnouncer}. Not thread-safe: the feed calls it under its lock.
 */
final class FeedState {

    static final int MAX_FOREIGN_IDS = 10_000;

    private final ExpiryAnnouncer expiry;
    private final Map<BsonValue, String> foreignIds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BsonValue, String> eldest) {
            return size() > MAX_FOREIGN_IDS;
        }
    };

    FeedState(String collection) {
        this.expiry = new ExpiryAnnouncer(collection);
    }

    /** A document was inserted, updated or replaced. */
    void written(String key, @Nullable BsonValue id, @Nullable Instant expiresAt, Consumer<KeyEvent> out) {
        if (id != null && !(id.isString() && id.asString().getValue().equals(key))) {
            foreignIds.put(id, key);
        }
        expiry.written(key, expiresAt, out);
    }

    /** The key a delete event's {@code _id} stands for, or null when unknown. */
    @Nullable String keyOf(BsonValue id) {
        if (id.isString()) {
            return id.asString().getValue();
        }
        return foreignIds.remove(id);
    }

    /** A document was deleted: DELETE, or EXPIRE (once) when the entry had expired by the store's clock. */
    void deleted(String key, Instant now, Consumer<KeyEvent> out) {
        expiry.removed(key, now, false, out);
    }

    /** Announces every entry whose expiry has come. */
    void sweep(Instant now, Consumer<KeyEvent> out) {
        expiry.sweep(now, out);
    }
}
