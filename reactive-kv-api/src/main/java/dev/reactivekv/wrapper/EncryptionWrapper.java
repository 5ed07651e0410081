package dev.reactivekv.wrapper;

import dev.reactivekv.error.CorruptedDataException;
import dev.reactivekv.error.DecryptionException;
import dev.reactivekv.error.EncryptionVersionException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.internal.codec.JsonReader;
import dev.reactivekv.internal.codec.PyJson;
import org.jspecify.annotations.Nullable;

/**
 * py-key-value's encryption wrapper: values become
 * {@code {"__encrypted_data__": std-base64(Fernet token), "__encryption_version__": 1}}, the
 * plaintext being {@code json.dumps(value, separators=(",", ":"))}. Values without
 * {@code __encrypted_data__} are returned as stored (plaintext written before encryption was on).
 */
final class EncryptionWrapper extends ValueTransformingStore {

    static final String DATA = "__encrypted_data__";
    static final String VERSION = "__encryption_version__";
    static final int ENCRYPTION_VERSION = 1;

    private final Fernet fernet;
    private final boolean raiseOnDecryptionError;

    EncryptionWrapper(KeyValueStore delegate, Fernet fernet, boolean raiseOnDecryptionError) {
        super(delegate);
        this.fernet = fernet;
        this.raiseOnDecryptionError = raiseOnDecryptionError;
    }

    @Override
    Map<String, Object> encode(Map<String, Object> value) {
        byte[] token;
        try {
            token = fernet.encrypt(PyJson.dumpsCompact(value).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            // only a JCE without AES/HMAC gets here; still a typed error, as the contract requires
            throw new dev.reactivekv.error.SerializationException("Failed to encrypt value", e);
        }
        Map<String, Object> out = new LinkedHashMap<>(4);
        out.put(DATA, Base64.getEncoder().encodeToString(token));
        out.put(VERSION, ENCRYPTION_VERSION);
        return out;
    }

    @Override
    @Nullable Map<String, Object> decode(Map<String, Object> stored) {
        Object data = stored.get(DATA);
        if (data == null && !stored.containsKey(DATA)) {
            return stored;
        }
        try {
            return decrypt(stored, data);
        } catch (DeserializationException e) {
            if (raiseOnDecryptionError) {
                throw e;
            }
            return null;
        }
    }

    private Map<String, Object> decrypt(Map<String, Object> stored, @Nullable Object data) {
        Object version = stored.get(VERSION);
        if (version == null) {
            throw new CorruptedDataException("Encrypted value is missing " + VERSION);
        }
        if (!(version instanceof Integer || version instanceof Long || version instanceof java.math.BigInteger)) {
            throw new CorruptedDataException("Expected " + VERSION + " to be an integer, got "
                    + version.getClass().getSimpleName());
        }
        if (((Number) version).longValue() > ENCRYPTION_VERSION || version instanceof java.math.BigInteger) {
            throw new EncryptionVersionException("Encrypted value has version " + version
                    + "; this wrapper reads up to " + ENCRYPTION_VERSION);
        }
        if (!(data instanceof String text)) {
            throw new CorruptedDataException("Expected " + DATA + " to be a string");
        }
        byte[] token;
        try {
            token = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new CorruptedDataException("Encrypted value is not standard base64", e);
        }
        try {
            // the plaintext is parsed where Fernet decrypted it (this thread's buffer): no copy, no intermediate String
            return fernet.decrypt(token, EncryptionWrapper::parsePlaintext);
        } catch (Fernet.TokenException e) {
            if (e.failure == Fernet.Failure.NO_MATCHING_KEY) {
                throw new DecryptionException("Failed to decrypt value: " + e.getMessage());
            }
            throw new CorruptedDataException("Encrypted value is corrupt: " + e.getMessage(), e);
        }
    }

    /** The decrypted UTF-8 JSON as a map (Python's {@code json.loads} reads bytes as UTF-8 too). */
    private static Map<String, Object> parsePlaintext(byte[] buffer, int offset, int length) {
        try {
            return JsonReader.parseObject(buffer, offset, length);
        } catch (DeserializationException e) {
            throw new CorruptedDataException("Decrypted value is not a JSON object", e);
        }
    }
}
