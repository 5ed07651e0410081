package dev.reactivekv.search;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.reactivekv.codec.SanitizationStrategy;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.StoredEntry;
import org.jspecify.annotations.Nullable;

/**
 * py-key-value's Elasticsearch/OpenSearch layout: index {@code <prefix>-<sanitized collection>} lower-cased,
 * document id = sanitized key, the document {@code {collection, created_at, expires_at, key,
 * value: {<flattened|flat>: value}, version: 1}} with the user's unsanitized names. Names the
 * sanitization strategies cannot make legal for the engine are refused before any I/O.
 */
final class SearchLayout {

    /** Index names: at most 255 bytes, lower case, none of these characters (Elasticsearch's and OpenSearch's rule). */
    private static final String INDEX_FORBIDDEN = "\\/*?\"<>| ,#:";
    private static final int MAX_INDEX_BYTES = 255;
    private static final int MAX_ID_BYTES = 512;

    private final String prefix;
    private final SanitizationStrategy keys;
    private final SanitizationStrategy collections;

    SearchLayout(String prefix, SanitizationStrategy keys, SanitizationStrategy collections) {
        this.prefix = prefix.toLowerCase(Locale.ROOT);
        this.keys = keys;
        this.collections = collections;
    }

    String prefix() {
        return prefix;
    }

    /** The pattern of every index of this store. */
    String allIndices() {
        return prefix + "-*";
    }

    /** The collection's index, or InvalidCollectionException when the engine could not hold it or two collections would share it. */
    String index(String collection) {
        String problem = collections.problem(collection);
        if (problem != null) {
            throw new InvalidCollectionException("Collection '" + collection + "' cannot be stored: " + problem);
        }
        String sanitized = collections.sanitize(collection);
        String index = (prefix + "-" + sanitized).toLowerCase(Locale.ROOT);
        // a name the strategy rewrote carries its hash, so lower-casing it cannot collide; a name kept as it is
        // (even one that merely looks like a rewritten one, "S_x") can
        boolean rewritten = !sanitized.equals(collection) && (sanitized.startsWith("S_") || sanitized.startsWith("H_"));
        if (!(prefix + "-" + sanitized).equals(index) && !rewritten) {
            // lower-casing alone would put "Foo" and "foo" in one index, and their keys on one document
            throw new InvalidCollectionException("Collection '" + collection + "' has upper-case letters, which this "
                    + "store's collection sanitization keeps and the index name cannot: use a hashing strategy");
        }
        for (int i = 0; i < index.length(); i++) {
            char c = index.charAt(i);
            if (INDEX_FORBIDDEN.indexOf(c) >= 0 || c < 0x20) {
                throw new InvalidCollectionException("Collection '" + collection + "' makes index name '" + index
                        + "', which contains '" + c + "': use a sanitizing strategy");
            }
        }
        if (index.getBytes(StandardCharsets.UTF_8).length > MAX_INDEX_BYTES) {
            throw new InvalidCollectionException("Collection '" + collection + "' makes an index name over "
                    + MAX_INDEX_BYTES + " bytes");
        }
        return index;
    }

    /** The key's document id, or InvalidKeyException when the engine could not hold it. */
    String id(String key) {
        String problem = keys.problem(key);
        if (problem != null) {
            throw new InvalidKeyException("Key '" + key + "' cannot be stored: " + problem);
        }
        String id = keys.sanitize(key);
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw new InvalidKeyException("Key makes a document id over " + MAX_ID_BYTES + " bytes: use a hashing strategy");
        }
        return id;
    }

    /** The document as py-key-value writes it, as JSON text (sorted keys, Python's number forms). */
    static String document(Engine engine, String collection, String key, StoredEntry entry) {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("collection", collection);
        if (entry.createdAt() != null) {
            doc.put("created_at", EntryCodec.formatDate(entry.createdAt()));
        }
        if (entry.expiresAt() != null) {
            doc.put("expires_at", EntryCodec.formatDate(entry.expiresAt()));
        }
        doc.put("key", key);
        doc.put("value", Map.of(engine.valueField(), entry.value()));
        doc.put("version", EntryCodec.FORMAT_VERSION);
        return EntryCodec.encodeValue(doc);
    }

    /**
     * Reads a document's {@code _source}; the version is the engine's {@code _seq_no:_primary_term}.
     * Either value field is accepted, and a value stored as JSON text, as py-key-value's readers do.
     *
     * @throws DeserializationException when the source is not one of py-key-value's documents
     */
    static StoredEntry entry(@Nullable Object source, @Nullable Object seqNo, @Nullable Object primaryTerm) {
        if (!(source instanceof Map<?, ?> src)) {
            throw new DeserializationException("Stored document has no _source object");
        }
        Object wrapped = src.get("value");
        Object value;
        if (wrapped instanceof Map<?, ?> w && (w.containsKey("flattened") || w.containsKey("flat"))) {
            value = w.containsKey("flattened") ? w.get("flattened") : w.get("flat");
        } else if (wrapped instanceof String) {
            value = wrapped;
        } else {
            throw new DeserializationException("Stored document has no value.flattened or value.flat");
        }
        Map<String, Object> env = new TreeMap<>();
        env.put("value", value);
        env.put("created_at", src.get("created_at"));
        env.put("expires_at", src.get("expires_at"));
        StoredEntry plain = EntryCodec.fromEnvelope(env);
        return plain.withVersion(version(seqNo, primaryTerm));
    }

    static String version(@Nullable Object seqNo, @Nullable Object primaryTerm) {
        return seqNo + ":" + primaryTerm;
    }

    /** The {@code if_seq_no}/{@code if_primary_term} of a version this store produced, or null for anything else. */
    static long @Nullable [] parseVersion(String version) {
        int colon = version.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            long seq = Long.parseLong(version.substring(0, colon));
            long term = Long.parseLong(version.substring(colon + 1));
            return seq < 0 || term < 1 ? null : new long[] {seq, term};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Percent-encodes one path segment (document ids may hold any character). */
    static String segment(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
