package dev.reactivekv.dynamodb;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.spi.ExpiryAnnouncer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * DynamoDB Stream records as {@link KeyEvent}s: {@code INSERT}/{@code MODIFY} → PUT, {@code REMOVE} →
 * DELETE, or EXPIRE when DynamoDB's TTL service removed the item (user identity type {@code Service},
 * principal {@code dynamodb.amazonaws.com}) or the entry had expired by the store's clock. As on MongoDB,
 * TTL deletes come late (within days), so EXPIRE is announced at the entry's expiry by the store's clock
 * ({@link ExpiryAnnouncer}) and the later TTL removal is swallowed. Items without string {@code collection}
 * and {@code key} attributes (not this layout) are ignored. Not thread-safe: the feed calls it under its lock.
 */
final class StreamRecords {

    static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    private final Clock clock;
    private final Map<String, ExpiryAnnouncer> byCollection = new HashMap<>();

    StreamRecords(Clock clock) {
        this.clock = clock;
    }

    /** Emits the record's event when its collection is watched; others are skipped (nothing is kept for them). */
    void translate(Record record, Predicate<String> watched, Consumer<KeyEvent> out) {
        if (record.dynamodb() == null || !record.dynamodb().hasKeys()) {
            return;
        }
        Map<String, AttributeValue> keys = record.dynamodb().keys();
        String collection = text(keys.get(Items.COLLECTION));
        String key = text(keys.get(Items.KEY));
        if (collection == null || key == null || !watched.test(collection)) {
            return;
        }
        ExpiryAnnouncer announcer = byCollection.computeIfAbsent(collection, ExpiryAnnouncer::new);
        OperationType type = record.eventName();
        if (type == OperationType.INSERT || type == OperationType.MODIFY) {
            announcer.written(key, expiresAt(record.dynamodb().newImage()), out);
        } else if (type == OperationType.REMOVE) {
            announcer.removed(key, clock.instant(), removedByTtl(record.userIdentity()), out);
        }
    }

    /** Announces every entry whose expiry has come. */
    void sweep(Instant now, Consumer<KeyEvent> out) {
        byCollection.values().forEach(a -> a.sweep(now, out));
    }

    void clear() {
        byCollection.clear();
    }

    static boolean removedByTtl(@Nullable Identity identity) {
        return identity != null && "Service".equals(identity.type()) && TTL_PRINCIPAL.equals(identity.principalId());
    }

    /** The entry's expiry as the store reads it; none when the image is missing or not an envelope. */
    private static @Nullable Instant expiresAt(@Nullable Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        try {
            return Items.decode(image).expiresAt();
        } catch (DeserializationException corrupt) {
            return null;
        }
    }

    private static @Nullable String text(@Nullable AttributeValue v) {
        return v == null ? null : v.s();
    }
}
