package dev.reactivekv.dynamodb;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.StoredEntry;
import dev.reactivekv.spi.Versions;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * py-key-value's DynamoDB item layout: partition key {@code collection}, sort key {@code key}, the JSON
 * envelope (with key and collection) as the string {@code value}, and {@code ttl}, the expiry in whole epoch
 * seconds, truncated as Python's {@code int(expires_at.timestamp())} does, only when the entry expires.
 */
final class Items {

    static final String COLLECTION = "collection";
    static final String KEY = "key";
    static final String VALUE = "value";
    static final String TTL = "ttl";

    /** DynamoDB's limits on key attributes, checked before any request so they fail as bad input. */
    static final int MAX_PARTITION_KEY_BYTES = 2048;
    static final int MAX_SORT_KEY_BYTES = 1024;

    /**
     * Expression attribute names: {@code key}, {@code value} and {@code ttl} are reserved words in
     * DynamoDB's expression language, so every expression refers to the attributes by these placeholders.
     */
    static final Map<String, String> NAMES = Map.of("#c", COLLECTION, "#k", KEY, "#v", VALUE, "#t", TTL);

    private Items() {
    }

    static Map<String, AttributeValue> key(String collection, String key) {
        checkSizes(collection, key);
        Map<String, AttributeValue> m = new HashMap<>(4);
        m.put(COLLECTION, s(collection));
        m.put(KEY, s(key));
        return m;
    }

    /** The full item for an entry, and the envelope text it holds (the text conditional writes compare). */
    static Map<String, AttributeValue> item(String collection, String key, String envelope, @Nullable Instant expiresAt) {
        Map<String, AttributeValue> m = key(collection, key);
        m.put(VALUE, s(envelope));
        if (expiresAt != null) {
            m.put(TTL, AttributeValue.fromN(Long.toString(ttlSeconds(expiresAt))));
        }
        return m;
    }

    static String envelope(String collection, String key, StoredEntry entry) {
        return EntryCodec.encode(entry, collection, key);
    }

    /** Python writes {@code int(expires_at.timestamp())}: whole seconds, truncated. */
    static long ttlSeconds(Instant expiresAt) {
        return expiresAt.getEpochSecond();
    }

    static String keyOf(Map<String, AttributeValue> item) {
        AttributeValue k = item.get(KEY);
        if (k == null || k.s() == null) {
            throw new DeserializationException("DynamoDB item has no string attribute 'key'");
        }
        return k.s();
    }

    /** The envelope text of an item; a missing or non-string {@code value} is a corrupt entry. */
    static String valueText(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(VALUE);
        if (v == null || v.s() == null) {
            throw new DeserializationException("DynamoDB item has no string attribute 'value'");
        }
        return v.s();
    }

    /**
     * Reads an item, versioned by the bytes of its {@code value}. The envelope's microsecond {@code expires_at}
     * is kept when the {@code ttl} attribute agrees with it (the same second); when they disagree, or the
     * envelope has no expiry, the {@code ttl} attribute wins, as in py-key-value's reader.
     */
    static StoredEntry decode(Map<String, AttributeValue> item) {
        byte[] stored = valueText(item).getBytes(StandardCharsets.UTF_8);
        StoredEntry entry = EntryCodec.fromBytes(stored);
        AttributeValue ttl = item.get(TTL);
        if (ttl == null) {
            return entry;
        }
        long seconds;
        try {
            seconds = Long.parseLong(ttl.n() == null ? "" : ttl.n());
        } catch (NumberFormatException e) {
            throw new DeserializationException("DynamoDB item's 'ttl' is not an integer number: " + ttl, e);
        }
        Instant envelope = entry.expiresAt();
        if (envelope != null && ttlSeconds(envelope) == seconds) {
            return entry;
        }
        return new StoredEntry(entry.value(), entry.createdAt(), Instant.ofEpochSecond(seconds), Versions.ofStored(stored));
    }

    static void checkSizes(String collection, String key) {
        if (utf8Length(collection) > MAX_PARTITION_KEY_BYTES) {
            throw new InvalidCollectionException("DynamoDB partition keys hold at most " + MAX_PARTITION_KEY_BYTES
                    + " UTF-8 bytes; the collection has " + utf8Length(collection));
        }
        if (utf8Length(key) > MAX_SORT_KEY_BYTES) {
            throw new InvalidKeyException("DynamoDB sort keys hold at most " + MAX_SORT_KEY_BYTES
                    + " UTF-8 bytes; the key has " + utf8Length(key));
        }
    }

    static void checkCollection(String collection) {
        if (utf8Length(collection) > MAX_PARTITION_KEY_BYTES) {
            throw new InvalidCollectionException("DynamoDB partition keys hold at most " + MAX_PARTITION_KEY_BYTES
                    + " UTF-8 bytes; the collection has " + utf8Length(collection));
        }
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static AttributeValue s(String text) {
        return AttributeValue.fromS(text);
    }

}
