package dev.reactivekv.tck.wrapper;

import java.util.Map;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.internal.codec.PyJson;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.error.CorruptedDataException;
import dev.reactivekv.error.DecryptionException;
import dev.reactivekv.wrapper.EncryptionBuilder;
import dev.reactivekv.error.EncryptionVersionException;
import dev.reactivekv.wrapper.Wrappers;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The encryption wrapper's envelope, key derivation, rotation and typed failures. */
class EncryptionWrapperTest {

    static final String KEY_A = "znx7rVYt4roVgu3ymt5sIYFmfMNGEPbm8AShXQv6CY4=";
    static final String KEY_B = "1TLRpjxQm4Op699i9hAXFVfyz6PqPXbuvwKaWB48tS8=";
    static final Map<String, Object> VALUE = Map.of("test", "value");

    private static KeyValueStore encrypted(KeyValueStore raw, String... keys) {
        EncryptionBuilder b = Wrappers.encryption();
        for (String k : keys) {
            b.key(k);
        }
        return KeyValue.of(raw).with(b.build()).build();
    }

    @Test
    void keyDerivationMatchesPyKeyValue() {
        // run on the test thread: derivation is deliberately slow and belongs at build time
        assertThat(EncryptionBuilder.deriveKey("test-source-material", "test-salt"))
                .isEqualTo("znx7rVYt4roVgu3ymt5sIYFmfMNGEPbm8AShXQv6CY4=");
        assertThat(EncryptionBuilder.deriveKey("test-source-material", "different-salt"))
                .isEqualTo("oLz_g5NoLhANNh2_-ZwbgchDZ1q23VFx90kUQDjracc=");
    }

    @Test
    void aDerivedKeyReadsWhatTheRawKeyWrote() {
        KeyValueStore raw = MemoryStore.create();
        encrypted(raw, KEY_A).put("c", "k", VALUE, null).block();
        KeyValueStore derived = KeyValue.of(raw)
                .with(Wrappers.encryption().derivedKey("test-source-material", "test-salt").build()).build();
        StepVerifier.create(derived.get("c", "k")).expectNext(VALUE).verifyComplete();
    }

    @Test
    void storedValueIsTheEnvelopeWithoutPlaintext() {
        KeyValueStore raw = MemoryStore.create();
        encrypted(raw, KEY_A).put("c", "k", VALUE, null).block();
        Map<String, Object> stored = raw.get("c", "k").block();
        assertThat(stored).containsOnlyKeys("__encrypted_data__", "__encryption_version__");
        assertThat(stored.get("__encryption_version__")).isEqualTo(1);
        assertThat((String) stored.get("__encrypted_data__")).startsWith("Z0FBQUFB");
        assertThat(PyJson.dumpsCompact(stored)).doesNotContain("test").doesNotContain("value");
    }

    @Test
    void rotationEncryptsWithTheFirstKeyAndDecryptsWithAny() {
        KeyValueStore raw = MemoryStore.create();
        encrypted(raw, KEY_A).put("c", "old", VALUE, null).block();
        KeyValueStore rotated = encrypted(raw, KEY_B, KEY_A);
        rotated.put("c", "new", VALUE, null).block();
        StepVerifier.create(rotated.get("c", "old")).expectNext(VALUE).verifyComplete();
        StepVerifier.create(rotated.get("c", "new")).expectNext(VALUE).verifyComplete();
        StepVerifier.create(encrypted(raw, KEY_B).get("c", "new")).expectNext(VALUE).verifyComplete();
        StepVerifier.create(encrypted(raw, KEY_A).get("c", "new")).expectError(DecryptionException.class).verify();
    }

    @Test
    void failuresAreTypedOrMisses() {
        KeyValueStore raw = MemoryStore.create();
        encrypted(raw, KEY_B).put("c", "wrong-key", VALUE, null).block();
        raw.put("c", "corrupt", Map.of("__encrypted_data__", "invalid-encrypted-data!!!", "__encryption_version__", 1), null).block();
        raw.put("c", "not-fernet", Map.of("__encrypted_data__", "aGVsbG8gd29ybGQ=", "__encryption_version__", 1), null).block();
        raw.put("c", "no-version", Map.of("__encrypted_data__", "aGVsbG8="), null).block();
        raw.put("c", "text-version", Map.of("__encrypted_data__", "aGVsbG8=", "__encryption_version__", "1"), null).block();
        raw.put("c", "not-text", Map.of("__encrypted_data__", 5, "__encryption_version__", 1), null).block();
        raw.put("c", "future", Map.of("__encrypted_data__", "aGVsbG8=", "__encryption_version__", 2), null).block();
        raw.put("c", "plain", VALUE, null).block();

        KeyValueStore strict = encrypted(raw, KEY_A);
        StepVerifier.create(strict.get("c", "wrong-key")).expectError(DecryptionException.class).verify();
        for (String k : new String[] {"corrupt", "not-fernet", "no-version", "text-version", "not-text"}) {
            StepVerifier.create(strict.get("c", k)).as(k).expectError(CorruptedDataException.class).verify();
        }
        StepVerifier.create(strict.get("c", "future")).expectError(EncryptionVersionException.class).verify();
        StepVerifier.create(strict.get("c", "plain")).expectNext(VALUE).verifyComplete();

        KeyValueStore lenient = KeyValue.of(raw).with(Wrappers.encryption().key(KEY_A).raiseOnDecryptionError(false)).build();
        for (String k : new String[] {"wrong-key", "corrupt", "no-version", "future"}) {
            StepVerifier.create(lenient.get("c", k)).as(k).verifyComplete();
        }
        StepVerifier.create(lenient.getMany("c", java.util.List.of("plain", "corrupt")).map(l -> l.isHit()))
                .expectNext(true, false).verifyComplete();
    }
}
