package dev.reactivekv.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.reactivekv.error.InvalidCursorException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque scan cursors: DynamoDB's {@code LastEvaluatedKey}, which the next request passes back as
 * {@code ExclusiveStartKey}. A key cursor also carries a fingerprint of the collection and prefix it
 * belongs to, so a cursor of another scan is refused instead of silently reading the wrong range.
 */
final class Cursors {

    private static final String KEYS = "dk1";
    private static final String COLLECTIONS = "dc1";
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private Cursors() {
    }

    static String keys(String collection, String prefix, String lastKey) {
        return KEYS + "." + fingerprint(collection, prefix) + "." + text(lastKey);
    }

    /** The sort key to start after. */
    static String lastKey(String cursor, String collection, String prefix) {
        String[] parts = cursor.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(KEYS)) {
            throw foreign(null);
        }
        if (!parts[1].equals(fingerprint(collection, prefix))) {
            throw new InvalidCursorException("Cursor belongs to another collection or prefix");
        }
        return untext(parts[2]);
    }

    static String collections(Map<String, AttributeValue> lastEvaluated) {
        return COLLECTIONS + "." + text(attr(lastEvaluated, Items.COLLECTION)) + "." + text(attr(lastEvaluated, Items.KEY));
    }

    static Map<String, AttributeValue> collectionsStart(String cursor) {
        String[] parts = cursor.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(COLLECTIONS)) {
            throw foreign(null);
        }
        return Map.of(Items.COLLECTION, Items.s(untext(parts[1])), Items.KEY, Items.s(untext(parts[2])));
    }

    static String attr(Map<String, AttributeValue> key, String name) {
        AttributeValue v = key.get(name);
        if (v == null || v.s() == null) {
            throw new IllegalStateException("DynamoDB returned a LastEvaluatedKey without '" + name + "': " + key);
        }
        return v.s();
    }

    private static String fingerprint(String collection, String prefix) {
        return Integer.toHexString((collection + '\u0000' + prefix).hashCode());
    }

    private static String text(String s) {
        return ENC.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String untext(String s) {
        try {
            byte[] raw = DEC.decode(s);
            String text = new String(raw, StandardCharsets.UTF_8);
            if (text.isEmpty() || !java.util.Arrays.equals(raw, text.getBytes(StandardCharsets.UTF_8))) {
                throw foreign(null);
            }
            return text;
        } catch (IllegalArgumentException e) {
            throw foreign(e);
        }
    }

    private static InvalidCursorException foreign(@Nullable Throwable cause) {
        return new InvalidCursorException("Not a cursor of this DynamoDB store", cause);
    }
}
