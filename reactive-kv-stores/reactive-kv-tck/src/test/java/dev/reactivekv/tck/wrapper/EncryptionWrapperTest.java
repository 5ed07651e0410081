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
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(10);

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
        encrypted(raw, KEY_A).put("c", "k", VALUE, null).block(TIMEOUT);
        KeyValueStore derived = KeyValue.of(raw)
                .with(Wrappers.encryption().derivedKey("test-source-material", "test-salt").build()).build();
        StepVerifier.create(derived.get("c", "k")).expectNext(VALUE).verifyComplete();
    }

    @Test
    void storedValueIsTheEnvelopeWithoutPlaintext() {
        KeyValueStore raw = MemoryStore.create();
        encrypted(raw, KEY_A).put("c", "k", VALUE, null).block(TIMEOUT);
        Map<String, Object> stored = raw.get("c", "k").block(TIMEOUT);
        assertThat(stored).containsOnlyKeys("__encrypted_data__", "__encryption_version__");
        assertThat(stored.get("__encryption_version__")).isEqualTo(1);
        assertThat((String) stored.get("__encrypted_data__")).startsWith("Z0FBQUFB");
        assertThat(PyJson.dumpsCompact(stored)).doesNotContain("test").doesNotContain("value");
    }

    @Test
    void rotationEncryptsWithTheFirstKeyAndDecryptsWithAny() {
        KeyValueStore raw = MemoryStore.create();
        encrypted(raw, KEY_A).put("c", "old", VALUE, null).block(TIMEOUT);
        KeyValueStore rotated = encrypted(raw, KEY_B, KEY_A);
        rotated.put("c", "new", VALUE, null).block(TIMEOUT);
        StepVerifier.create(rotated.get("c", "old")).expectNext(VALUE).verifyComplete();
        StepVerifier.create(rotated.get("c", "new")).expectNext(VALUE).verifyComplete();
        StepVerifier.create(encrypted(raw, KEY_B).get("c", "new")).expectNext(VALUE).verifyComplete();
        StepVerifier.create(encrypted(raw, KEY_A).get("c", "new")).expectError(DecryptionException.class).verify();
    }

    @Test
    void failuresAreTypedOrMisses() {
        KeyValueStore raw = MemoryStore.create();
        encrypted(raw, KEY_B).put("c", "wrong-key", VALUE, null).block(TIMEOUT);
        raw.put("c", "corrupt", Map.of("__encrypted_data__", "invalid-encrypted-data!!!", "__encryption_version__", 1), null).block(TIMEOUT);
        raw.put("c", "not-fernet", Map.of("__encrypted_data__", "aGVsbG8gd29ybGQ=", "__encryption_version__", 1), null).block(TIMEOUT);
        raw.put("c", "no-version", Map.of("__encrypted_data__", "aGVsbG8="), null).block(TIMEOUT);
        raw.put("c", "text-version", Map.of("__encrypted_data__", "aGVsbG8=", "__encryption_version__", "1"), null).block(TIMEOUT);
        raw.put("c", "not-text", Map.of("__encrypted_data__", 5, "__encryption_version__", 1), null).block(TIMEOUT);
        raw.put("c", "future", Map.of("__encrypted_data__", "aGVsbG8=", "__encryption_version__", 2), null).block(TIMEOUT);
        raw.put("c", "plain", VALUE, null).block(TIMEOUT);

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

    @Test
    void valuesAroundTheDecryptionBuffersSizesRoundTripOnOneThread() {
        // a thread decrypts into buffers of its own (256 B at first, grown up to 16 KiB, larger values get arrays of
        // their own): every size, read after larger and smaller ones, must come back whole, and nothing of a longer
        // plaintext may leak into a shorter one read later in the same buffer
        KeyValueStore store = encrypted(MemoryStore.create(), KEY_A);
        int[] sizes = {0, 1, 200, 255, 256, 300, 5_000, 12_000, 16_300, 16_384, 16_500, 40_000};
        for (int size : sizes) {
            store.put("c", "k" + size, Map.of("data", "x".repeat(size)), null).block(TIMEOUT);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < sizes.length; i++) {
                int size = sizes[round == 0 ? sizes.length - 1 - i : i];
                assertThat(store.get("c", "k" + size).block(TIMEOUT)).as("size %d", size)
                        .isEqualTo(Map.of("data", "x".repeat(size)));
            }
        }
    }

    @Test
    void anAuthenticPlaintextThatIsNotAJsonObjectIsCorrupt() throws Exception {
        KeyValueStore raw = MemoryStore.create();
        for (String plaintext : new String[] {"[1,2]", "\"text\"", "{\"a\":1", "{\"a\":1} x", "", "\u00e9"}) {
            raw.put("c", "k", Map.of("__encrypted_data__", java.util.Base64.getEncoder().encodeToString(
                    fernetToken(KEY_A, plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                    "__encryption_version__", 1), null).block(TIMEOUT);
            StepVerifier.create(encrypted(raw, KEY_A).get("c", "k")).as(plaintext)
                    .expectError(CorruptedDataException.class).verify();
        }
    }

    /** A Fernet token made by hand with javax.crypto (url-safe base64 ASCII), as Python's {@code Fernet.encrypt}. */
    private static byte[] fernetToken(String key, byte[] plaintext) throws Exception {
        byte[] k = java.util.Base64.getUrlDecoder().decode(key);
        byte[] iv = new byte[16];
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(k, 16, 16, "AES"),
                new javax.crypto.spec.IvParameterSpec(iv));
        byte[] ciphertext = aes.doFinal(plaintext);
        java.nio.ByteBuffer token = java.nio.ByteBuffer.allocate(25 + ciphertext.length + 32);
        token.put((byte) 0x80).putLong(System.currentTimeMillis() / 1000).put(iv).put(ciphertext);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(k, 0, 16, "HmacSHA256"));
        mac.update(token.array(), 0, 25 + ciphertext.length);
        token.put(mac.doFinal());
        return java.util.Base64.getUrlEncoder().encode(token.array());
    }
    /**
     * The wrapper's ciphers and buffers are lent to one call at a time and shared across threads: many threads at
     * once, and a fresh thread per task (as virtual threads are), each read back exactly what they wrote, with a
     * wrong-key read failing in between (a failed decryption returns its set too).
     */
    @Test
    void concurrentCallsOnManyThreadsEachReadTheirOwnValue() throws Exception {
        KeyValueStore raw = MemoryStore.create();
        KeyValueStore store = encrypted(raw, KEY_A);
        KeyValueStore wrongKey = encrypted(raw, KEY_B);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int task = t;
                Runnable work = () -> {
                    for (int i = 0; i < 50; i++) {
                        String key = task + "-" + i;
                        Map<String, Object> value = Map.of("task", task, "i", i, "pad", "x".repeat(i * 40));
                        store.put("c", key, value, null).block(TIMEOUT);
                        assertThat(store.get("c", key).block(TIMEOUT)).isEqualTo(value);
                        if (i % 10 == 0) {
                            StepVerifier.create(wrongKey.get("c", key)).expectError(DecryptionException.class)
                                    .verify(TIMEOUT);
                        }
                    }
                };
                // half on the pool's eight threads, half each on a thread of its own
                tasks.add(task % 2 == 0 ? pool.submit(work)
                        : java.util.concurrent.CompletableFuture.runAsync(work, r -> new Thread(r, "task-" + task).start()));
            }
            for (java.util.concurrent.Future<?> f : tasks) {
                f.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
