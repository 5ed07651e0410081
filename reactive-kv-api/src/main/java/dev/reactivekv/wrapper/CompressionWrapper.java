package dev.reactivekv.wrapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.internal.codec.JsonReader;
import dev.reactivekv.internal.codec.PyJson;

/**
 * py-key-value's compression wrapper: a value whose {@code json.dumps(sort_keys=True)} length is
 * at least the threshold is stored as
 * {@code {"__compressed_data__": std-base64(gzip level 1 of compact JSON), "__compression_version__": 1,
 * "__compression_algorithm__": "gzip"}}. On read, anything that does not decompress is returned
 * as stored, as py-key-value does. Streams here are in-memory byte arrays: no I/O.
 */
final class CompressionWrapper extends ValueTransformingStore {

    static final String DATA = "__compressed_data__";
    static final String VERSION = "__compression_version__";
    static final String ALGORITHM = "__compression_algorithm__";

    private final int minSize;

    CompressionWrapper(KeyValueStore delegate, int minSize) {
        super(delegate);
        this.minSize = minSize;
    }

    @Override
    Map<String, Object> encode(Map<String, Object> value) {
        if (value.containsKey(DATA) || EntryCodec.encodeValue(value).length() < minSize) {
            return value;
        }
        Map<String, Object> out = new LinkedHashMap<>(4);
        out.put(DATA, Base64.getEncoder().encodeToString(gzip(PyJson.dumpsCompact(value).getBytes(StandardCharsets.UTF_8))));
        out.put(VERSION, 1);
        out.put(ALGORITHM, "gzip");
        return out;
    }

    @Override
    Map<String, Object> decode(Map<String, Object> stored) {
        if (!(stored.get(DATA) instanceof String data)) {
            return stored;
        }
        try {
            byte[] json;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(data)))) {
                json = in.readAllBytes();
            }
            return JsonReader.parseObject(json); // from the UTF-8 bytes, no intermediate String
        } catch (IOException | RuntimeException e) {
            return stored;
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 4 + 32);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(1);
            }
        }) {
            out.write(data);
        } catch (IOException e) {
            // in-memory streams do not fail; kept typed anyway
            throw new dev.reactivekv.error.SerializationException("Failed to compress value", e);
        }
        return bytes.toByteArray();
    }
}
