package dev.reactivekv.spi;

import dev.reactivekv.internal.codec.JsonReader;
import dev.reactivekv.internal.codec.PyJson;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Map;

import dev.reactivekv.error.DeserializationException;
import org.jspecify.annotations.Nullable;

/**
 * py-key-value's entry envelope, byte for byte: a JSON object with sorted keys
 * {@code collection, created_at, expires_at, key, value, version}, absent fields omitted,
 * {@code version} 1, dates as {@code yyyy-MM-ddTHH:mm:ss[.ffffff]+00:00}.
 *
 * <p>The reader is tolerant the way Python's is: {@code Z} or missing offsets, 1–9 fraction
 * digits, a space instead of {@code T}, a value stored as a JSON string, unknown fields.
 */
public final class EntryCodec {

    /** The only envelope version written; readers ignore the field. */
    public static final int FORMAT_VERSION = 1;

    private EntryCodec() {
    }

    /**
     * The envelope with key and collection, as Redis, Valkey, memcached, RocksDB, DynamoDB and disk stores
     * hold it, as UTF-8 bytes (ASCII: non-ASCII text is escaped as Python does). Fields are written in
     * their sorted order directly, with no intermediate map or String.
     */
    public static byte[] toBytes(StoredEntry entry, @Nullable String collection, @Nullable String key) {
        return PyJson.dumpsSortedBytes(envelope(entry, collection, key));
    }

    /** {@link #toBytes} as text. */
    public static String encode(StoredEntry entry, @Nullable String collection, @Nullable String key) {
        return PyJson.dumpsSorted(envelope(entry, collection, key));
    }

    /** The envelope without key and collection, as py-key-value's memory and file-tree stores hold it. */
    public static String encode(StoredEntry entry) {
        return encode(entry, null, null);
    }

    /**
     * Reads stored bytes into an entry whose version is the digest of those bytes ({@link Versions}),
     * computed only if asked for. This is the one decoding path of stores that hold envelopes.
     *
     * @throws DeserializationException when the bytes are not an envelope
     */
    public static StoredEntry fromBytes(byte[] stored) {
        Map<String, Object> env;
        try {
            env = JsonReader.parseObject(stored);
        } catch (DeserializationException e) {
            throw new DeserializationException("Stored entry is not a JSON envelope: " + e.getMessage(), e);
        }
        StoredEntry plain = fromEnvelope(env);
        return StoredEntry.versionedBy(plain.value(), plain.createdAt(), plain.expiresAt(), stored);
    }

    /**
     * Reads an envelope. The returned entry has no version; stores that need one use {@link #fromBytes}.
     *
     * @throws DeserializationException when the text is not an envelope
     */
    public static StoredEntry decode(String json) {
        Map<String, Object> env;
        try {
            env = JsonReader.parseObject(json);
        } catch (DeserializationException e) {
            throw new DeserializationException("Stored entry is not a JSON envelope: " + e.getMessage(), e);
        }
        return fromEnvelope(env);
    }

    /** The envelope's fields in sorted order, so the sorted writer keeps this map's order as it is. */
    private static Map<String, Object> envelope(StoredEntry entry, @Nullable String collection, @Nullable String key) {
        Map<String, Object> env = new java.util.TreeMap<>();
        if (collection != null) {
            env.put("collection", collection);
        }
        if (entry.createdAt() != null) {
            env.put("created_at", formatDate(entry.createdAt()));
        }
        if (entry.expiresAt() != null) {
            env.put("expires_at", formatDate(entry.expiresAt()));
        }
        if (key != null) {
            env.put("key", key);
        }
        env.put("value", entry.value());
        env.put("version", FORMAT_VERSION);
        return env;
    }

    /** Reads an already parsed envelope (document stores hand over their own maps). */
    public static StoredEntry fromEnvelope(Map<String, Object> env) {
        Object value = env.get("value");
        Map<String, Object> map;
        if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> cast = (Map<String, Object>) m;
            map = cast;
        } else if (value instanceof String s) {
            map = JsonReader.parseObject(s);
        } else if (value == null) {
            throw new DeserializationException("Stored entry has no value field");
        } else {
            throw new DeserializationException("Stored entry's value is not an object or a string");
        }
        return new StoredEntry(map, parseDate(env.get("created_at"), "created_at"),
                parseDate(env.get("expires_at"), "expires_at"), null);
    }

    /** {@code json.dumps(value, sort_keys=True)}: py-key-value's measure of a value's size is its length. */
    public static String encodeValue(Map<String, ?> value) {
        return PyJson.dumpsSorted(value);
    }

    /** Parses a JSON object into the canonical immutable form. */
    public static Map<String, Object> decodeValue(String json) {
        return JsonReader.parseObject(json);
    }

    /** Python's {@code datetime.isoformat()} of a UTC instant: microseconds only when non-zero, offset {@code +00:00}. */
    public static String formatDate(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(32);
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            throw new dev.reactivekv.error.SerializationException("Date out of range for the stored format: " + instant);
        }
        pad(out, year, 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            out.append('.');
            pad(out, micros, 6);
        }
        return out.append("+00:00").toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
    }

    /** Accepts what Python's {@code fromisoformat} accepts for these fields; an empty string means absent. */
    public static @Nullable Instant parseDate(@Nullable Object raw, String field) {
        if (raw == null || "".equals(raw)) {
            return null;
        }
        if (!(raw instanceof String text)) {
            throw new DeserializationException(field + " must be a string, got " + raw.getClass().getSimpleName());
        }
        String s = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(s,
                    java.time.OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof java.time.OffsetDateTime odt) {
                return odt.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new DeserializationException("Invalid " + field + " date '" + text + "'", e);
        }
    }
}
