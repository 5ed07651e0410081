package dev.reactivekv.wrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;

/**
 * Configures the encryption wrapper. Keys are tried in the order added: the first encrypts, any
 * decrypts (rotation: add the new key first, keep the old ones until re-written). Key derivation
 * (PBKDF2, 1,200,000 iterations, about a second) happens once, in {@link #build()}, on the calling
 * thread: build chains at start-up, never on a reactive thread.
 */
public final class EncryptionBuilder implements Wrapper {

    private final List<String> keys = new ArrayList<>();
    private final List<String[]> derived = new ArrayList<>();
    private final List<Boolean> order = new ArrayList<>();
    private boolean raiseOnDecryptionError = true;

    EncryptionBuilder() {
    }

    /** Adds a raw Fernet key: 32 bytes in url-safe base64, as Python's {@code Fernet.generate_key()} makes. */
    public EncryptionBuilder key(String fernetKey) {
        Fernet.Key.parse(Objects.requireNonNull(fernetKey, "fernetKey"));
        keys.add(fernetKey);
        order.add(Boolean.FALSE);
        return this;
    }

    /** Adds a key derived as py-key-value does from {@code sourceMaterial} and {@code salt} (PBKDF2-HMAC-SHA256). */
    public EncryptionBuilder derivedKey(String sourceMaterial, String salt) {
        if (sourceMaterial == null || sourceMaterial.isBlank()) {
            throw new IllegalArgumentException("Must provide either fernet or source_material");
        }
        if (salt == null || salt.isBlank()) {
            throw new IllegalArgumentException("Must provide a salt");
        }
        derived.add(new String[] {sourceMaterial, salt});
        order.add(Boolean.TRUE);
        return this;
    }

    /** When {@code false}, a value that cannot be decrypted reads as a miss instead of failing. Default {@code true}. */
    public EncryptionBuilder raiseOnDecryptionError(boolean raise) {
        this.raiseOnDecryptionError = raise;
        return this;
    }

    /** The py-key-value Fernet key for {@code sourceMaterial} and {@code salt}; slow (about a second). */
    public static String deriveKey(String sourceMaterial, String salt) {
        return Fernet.deriveKey(sourceMaterial, salt);
    }

    /** Derives keys now and returns the wrapper. */
    public Wrapper build() {
        if (order.isEmpty()) {
            throw new IllegalStateException("Encryption needs at least one key");
        }
        List<Fernet.Key> resolved = new ArrayList<>();
        int k = 0;
        int d = 0;
        for (Boolean isDerived : order) {
            String text = isDerived ? Fernet.deriveKey(derived.get(d)[0], derived.get(d++)[1]) : keys.get(k++);
            resolved.add(Fernet.Key.parse(text));
        }
        Fernet fernet = new Fernet(resolved);
        boolean raise = raiseOnDecryptionError;
        return inner -> new EncryptionWrapper(inner, fernet, raise);
    }

    @Override
    public KeyValueStore wrap(KeyValueStore inner) {
        return build().wrap(inner);
    }
}
