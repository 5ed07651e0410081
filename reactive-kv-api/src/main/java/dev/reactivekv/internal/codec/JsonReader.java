package dev.reactivekv.internal.codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.reactivekv.error.DeserializationException;
import org.jspecify.annotations.Nullable;

/**
 * Parses JSON into the canonical immutable form of {@link dev.reactivekv.spi.JsonValues}, tolerating
 * what Python writes: {@code NaN}/{@code Infinity}, and duplicate keys (the last one wins).
 */
public final class JsonReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsonReader() {
    }

    public static Object parse(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return parseDocument(p);
        } catch (IOException e) {
            throw new DeserializationException("Invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Parses UTF-8 bytes with no intermediate String. */
    public static Object parse(byte[] utf8) {
        try (JsonParser p = FACTORY.createParser(utf8)) {
            return parseDocument(p);
        } catch (IOException e) {
            throw new DeserializationException("Invalid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The three fields of an envelope a reader needs, as parsed JSON (a date is normally a String); the
     * others ({@code collection}, {@code key}, {@code version}, unknown ones) are skipped without being decoded.
     */
    public record Envelope(@Nullable Object value, @Nullable Object createdAt, @Nullable Object expiresAt) {
    }

    /**
     * Reads an envelope from UTF-8 bytes in one pass, with no envelope map.
     *
     * @throws DeserializationException when the bytes are not a JSON object
     */
    public static Envelope parseEnvelope(byte[] utf8) {
        try (JsonParser p = FACTORY.createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DeserializationException("Expected a JSON object");
            }
            Object value = null;
            Object created = null;
            Object expires = null;
            for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (n == null || name == null || t == null) {
                    throw new DeserializationException("Truncated JSON object");
                }
                switch (name) {
                    case "value" -> value = read(p, t);
                    case "created_at" -> created = read(p, t);
                    case "expires_at" -> expires = read(p, t);
                    default -> p.skipChildren(); // a scalar is skipped by the next nextToken()
                }
            }
            if (p.nextToken() != null) {
                throw new DeserializationException("Trailing data after JSON document");
            }
            return new Envelope(value, created, expires);
        } catch (IOException e) {
            throw new DeserializationException("Invalid JSON: " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> parseObject(byte[] utf8) {
        return asObject(parse(utf8));
    }

    /** Parses {@code utf8[offset, offset + length)}, UTF-8, as a JSON object, with no copy and no intermediate String. */
    public static Map<String, Object> parseObject(byte[] utf8, int offset, int length) {
        try (JsonParser p = FACTORY.createParser(utf8, offset, length)) {
            return asObject(parseDocument(p));
        } catch (IOException e) {
            throw new DeserializationException("Invalid JSON: " + e.getMessage(), e);
        }
    }

    private static Object parseDocument(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new DeserializationException("Empty JSON document");
        }
        Object value = read(p, t);
        if (p.nextToken() != null) {
            throw new DeserializationException("Trailing data after JSON document");
        }
        return value;
    }

    public static Map<String, Object> parseObject(String json) {
        return asObject(parse(json));
    }

    private static Map<String, Object> asObject(Object parsed) {
        if (parsed instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            return m;
        }
        throw new DeserializationException("Expected a JSON object");
    }

    private static @Nullable Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                LinkedHashMap<String, Object> map = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String name = p.currentName();
                    map.remove(name);
                    map.put(name, read(p, p.nextToken()));
                }
                return Collections.unmodifiableMap(map);
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    list.add(read(p, n));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new DeserializationException("Unexpected JSON token " + t);
        }
    }
}
