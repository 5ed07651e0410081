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
        return PyJson.dumpsEnvelope(collection, utc(entry.createdAt()), utc(entry.expiresAt()), key, entry.value(),
                FORMAT_VERSION);
    }

    private static @Nullable LocalDateTime utc(@Nullable Instant instant) {
        // not LocalDateTime.ofInstant: through ZoneOffset.getRules() it builds a new ZoneRules (with a
        // ConcurrentHashMap) per call, the largest allocation of encoding an envelope
        return instant == null ? null : LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(),
                ZoneOffset.UTC);
    }

    /** {@link #toBytes} as text. */
    public static String encode(StoredEntry entry, @Nullable String collection, @Nullable String key) {
        return new String(toBytes(entry, collection, key), java.nio.charset.StandardCharsets.ISO_8859_1);
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
        JsonReader.Envelope env;
        try {
            env = JsonReader.parseEnvelope(stored);
        } catch (DeserializationException e) {
            throw new DeserializationException("Stored entry is not a JSON envelope: " + e.getMessage(), e);
        }
        return StoredEntry.versionedBy(valueOf(env.value()), parseDate(env.createdAt(), "created_at"),
                parseDate(env.expiresAt(), "expires_at"), stored);
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

    /** Reads an already parsed envelope (document stores hand over their own maps). */
    public static StoredEntry fromEnvelope(Map<String, Object> env) {
        return new StoredEntry(valueOf(env.get("value")), parseDate(env.get("created_at"), "created_at"),
                parseDate(env.get("expires_at"), "expires_at"), null);
    }

    private static Map<String, Object> valueOf(@Nullable Object value) {
        if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> cast = (Map<String, Object>) m;
            return cast;
        }
        if (value instanceof String s) {
            return JsonReader.parseObject(s);
        }
        if (value == null) {
            throw new DeserializationException("Stored entry has no value field");
        }
        throw new DeserializationException("Stored entry's value is not an object or a string");
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
        return PyJson.isoformat(utc(instant));
    }

    /** Accepts what Python's {@code fromisoformat} accepts for these fields; an empty string means absent. */
    public static @Nullable Instant parseDate(@Nullable Object raw, String field) {
        if (raw == null || "".equals(raw)) {
            return null;
        }
        if (!(raw instanceof String text)) {
            throw new DeserializationException(field + " must be a string, got " + raw.getClass().getSimpleName());
        }
        Instant fast = parseCanonicalDate(text);
        if (fast != null) {
            return fast;
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

    /**
     * The form this library and py-key-value write, {@code yyyy-MM-ddTHH:mm:ss[.ffffff]+00:00}, read digit by
     * digit (every stored entry has one or two dates: {@code parseBest} would dominate a read). Null for any
     * other form, which the tolerant parser then reads (or rejects).
     */
    private static @Nullable Instant parseCanonicalDate(String s) {
        int n = s.length();
        if ((n != 25 && n != 32) || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || !s.endsWith("+00:00")) {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int micros = 0;
        if (n == 32) {
            if (s.charAt(19) != '.') {
                return null;
            }
            micros = digits(s, 20, 6);
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || micros < 0) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, micros * 1_000L);
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
