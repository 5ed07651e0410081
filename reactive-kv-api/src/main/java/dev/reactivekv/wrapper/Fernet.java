package dev.reactivekv.wrapper;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The Fernet token format (version 0x80, AES-128-CBC with PKCS#7 padding, HMAC-SHA256) on the JCE,
 * with MultiFernet's rotation rule: encrypt with the first key, decrypt with any. Thread-safe:
 * each thread keeps its own {@link Cipher}, one {@link Mac} per key (neither is thread-safe, and
 * building them costs more than the cryptography of a small value) and the buffers it decrypts into.
 * Pure CPU work, no I/O after construction.
 */
final class Fernet {

    static final int PBKDF2_ITERATIONS = 1_200_000;
    private static final byte VERSION = (byte) 0x80;
    private static final int HEADER = 1 + 8 + 16;
    private static final int HMAC = 32;

    /** One 32-byte Fernet key: the first half signs, the second half encrypts. */
    record Key(byte[] signing, byte[] encryption) {
        static Key parse(String urlsafeBase64) {
            byte[] raw;
            try {
                raw = Base64.getUrlDecoder().decode(urlsafeBase64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("A Fernet key must be 32 url-safe base64-encoded bytes", e);
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("A Fernet key must be 32 url-safe base64-encoded bytes, got " + raw.length);
            }
            return new Key(Arrays.copyOfRange(raw, 0, 16), Arrays.copyOfRange(raw, 16, 32));
        }
    }

    /** PBKDF2-HMAC-SHA256 (1,200,000 iterations, 32 bytes) as py-key-value derives its key, url-safe base64. Slow: ~1 s. */
    static String deriveKey(String sourceMaterial, String salt) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            // the JCE takes the password as chars and encodes them as UTF-8, matching Python's .encode("utf-8")
            PBEKeySpec spec = new PBEKeySpec(sourceMaterial.toCharArray(), salt.getBytes(StandardCharsets.UTF_8),
                    PBKDF2_ITERATIONS, 256);
            byte[] key = f.generateSecret(spec).getEncoded();
            spec.clearPassword();
            return Base64.getUrlEncoder().encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is unavailable", e);
        }
    }

    /** Idle sets of primitives: a power of two, a few per core, so threads rarely contend for a slot. */
    private static final int SLOTS = Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4) * 2;
    /** Neighbouring slots tried: two threads whose ids share a slot each keep a set instead of rebuilding one per call. */
    private static final int PROBES = 4;

    private final List<Key> keys;
    private final SecureRandom random;
    /**
     * Primitives lent to one call at a time, slot chosen by thread id: a thread finds the set it returned, and
     * virtual threads (one per task) reuse sets earlier ones returned instead of building a Cipher and Macs each,
     * as a ThreadLocal would. A set that finds its slots taken on return is dropped.
     */
    private final AtomicReferenceArray<Primitives> idle = new AtomicReferenceArray<>(SLOTS);

    Fernet(List<Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("At least one Fernet key is needed");
        }
        this.keys = List.copyOf(keys);
        this.random = seededRandom();
        release(new Primitives(this.keys)); // fails here, at build time, on a JCE without AES or HMAC-SHA256
    }

    private static int slot() {
        return (int) Thread.currentThread().getId() & (SLOTS - 1);
    }

    private Primitives acquire() {
        int first = slot();
        for (int i = 0; i < PROBES; i++) {
            int slot = (first + i) & (SLOTS - 1);
            Primitives p = idle.get(slot);
            if (p != null && idle.compareAndSet(slot, p, null)) {
                return p;
            }
        }
        return new Primitives(keys);
    }

    private void release(Primitives p) {
        int first = slot();
        for (int i = 0; i < PROBES; i++) {
            if (idle.compareAndSet((first + i) & (SLOTS - 1), null, p)) {
                return;
            }
        }
    }

    /** An AES cipher and, per key, an HMAC already keyed ({@code doFinal} resets it for reuse), used by one call at a time. */
    private static final class Primitives {
        final Cipher cipher;
        final Mac[] macs;
        final SecretKeySpec[] aesKeys;

        Primitives(List<Key> keys) {
            try {
                cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
                macs = new Mac[keys.size()];
                aesKeys = new SecretKeySpec[keys.size()];
                for (int i = 0; i < macs.length; i++) {
                    macs[i] = Mac.getInstance("HmacSHA256");
                    macs[i].init(new SecretKeySpec(keys.get(i).signing(), "HmacSHA256"));
                    aesKeys[i] = new SecretKeySpec(keys.get(i).encryption(), "AES");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CBC/PKCS5Padding or HmacSHA256 is unavailable", e);
            }
        }

        /** Largest token or plaintext decoded in these buffers; a larger one gets arrays of its own. */
        static final int MAX_BUFFER = 16 * 1024;
        static final int RAW = 0;
        static final int PLAIN = 1;

        /** Buffers for a decoded token ({@link #RAW}) and its plaintext ({@link #PLAIN}). */
        private final byte[][] buffers = {new byte[256], new byte[256]};

        /** Buffer {@code which}, grown to hold {@code length} bytes, or {@code null} when that is above the cap. */
        byte @Nullable [] buffer(int which, int length) {
            byte[] b = buffers[which];
            if (length <= b.length) {
                return b;
            }
            if (length > MAX_BUFFER) {
                return null;
            }
            return buffers[which] = new byte[Math.max(length, Math.min(MAX_BUFFER, b.length * 2))];
        }

        /** The buffer for a computed HMAC. */
        final byte[] computed = new byte[HMAC];

        byte[] mac(int key, byte[] data, int length) {
            Mac mac = macs[key];
            mac.update(data, 0, length);
            return mac.doFinal();
        }

        /** Whether the HMAC of {@code data[0, length)} under key {@code key} is {@code data[length, length + 32)}, in constant time. */
        boolean macMatches(int key, byte[] data, int length) {
            Mac mac = macs[key];
            mac.update(data, 0, length);
            try {
                mac.doFinal(computed, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException("HmacSHA256 wrote more than 32 bytes", e); // never: the buffer is its length
            }
            return MessageDigest.isEqual(computed, Arrays.copyOfRange(data, length, length + HMAC));
        }
    }

    /** DRBG seeded now, at build time, so later IVs never touch the entropy device from a reactive thread. */
    private static SecureRandom seededRandom() {
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            r = new SecureRandom();
        }
        r.nextBytes(new byte[16]);
        return r;
    }

    /** The token as url-safe base64 ASCII bytes, as Python's {@code Fernet.encrypt} returns it. */
    byte[] encrypt(byte[] plaintext) {
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        Primitives p = acquire();
        try {
            p.cipher.init(Cipher.ENCRYPT_MODE, p.aesKeys[0], new IvParameterSpec(iv));
            byte[] ciphertext = p.cipher.doFinal(plaintext);
            ByteBuffer token = ByteBuffer.allocate(HEADER + ciphertext.length + HMAC);
            token.put(VERSION).putLong(System.currentTimeMillis() / 1000).put(iv).put(ciphertext);
            token.put(p.mac(0, token.array(), HEADER + ciphertext.length));
            release(p);
            return Base64.getUrlEncoder().encode(token.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC/PKCS5Padding failed", e); // p is dropped: its Cipher state is unknown
        }
    }

    /** Why a token was refused. */
    enum Failure { MALFORMED, NO_MATCHING_KEY }

    /** Thrown by {@link #decrypt}; the wrapper turns it into its public exception types. */
    static final class TokenException extends Exception {
        final Failure failure;

        TokenException(Failure failure, String message, Throwable cause) {
            super(message, cause, false, false);
            this.failure = failure;
        }
    }

    /**
     * Reads a plaintext where {@link #decrypt} left it: {@code buffer[offset, offset + length)}, valid only during
     * the call (the buffer is lent to this call and wiped afterwards; keep nothing that refers to it).
     */
    @FunctionalInterface
    interface PlaintextReader<T> {
        T read(byte[] buffer, int offset, int length);
    }

    /**
     * Decrypts a url-safe base64 token with the first key whose HMAC matches and returns what {@code reader} makes
     * of the plaintext. The token's bytes and the plaintext go through buffers lent to this call (below
     * {@link Primitives#MAX_BUFFER}), so a read allocates only what the JCE allocates itself.
     */
    <T> T decrypt(byte[] token, PlaintextReader<T> reader) throws TokenException {
        Primitives p = acquire();
        try {
            return decrypt(p, token, reader);
        } finally {
            release(p); // after a failed doFinal too: init resets the Cipher, doFinal resets the Macs
        }
    }

    private <T> T decrypt(Primitives p, byte[] token, PlaintextReader<T> reader) throws TokenException {
        byte[] raw = p.buffer(Primitives.RAW, (token.length + 3) / 4 * 3); // at least the decoded length, padded or not
        int rawLength;
        try {
            rawLength = raw == null ? (raw = Base64.getUrlDecoder().decode(token)).length
                    : Base64.getUrlDecoder().decode(token, raw);
        } catch (IllegalArgumentException e) {
            throw new TokenException(Failure.MALFORMED, "token is not url-safe base64", e);
        }
        if (rawLength < HEADER + 16 + HMAC || (rawLength - HEADER - HMAC) % 16 != 0 || raw[0] != VERSION) {
            throw new TokenException(Failure.MALFORMED, "not a Fernet token (bad version byte or length)", null);
        }
        int signed = rawLength - HMAC;
        for (int k = 0; k < keys.size(); k++) {
            if (!p.macMatches(k, raw, signed)) {
                continue;
            }
            byte[] plain;
            int plainLength;
            try {
                p.cipher.init(Cipher.DECRYPT_MODE, p.aesKeys[k], new IvParameterSpec(raw, 9, 16));
                plain = p.buffer(Primitives.PLAIN, signed - HEADER); // PKCS#7 makes the plaintext shorter than the ciphertext
                plainLength = plain == null ? (plain = p.cipher.doFinal(raw, HEADER, signed - HEADER)).length
                        : p.cipher.doFinal(raw, HEADER, signed - HEADER, plain, 0);
            } catch (GeneralSecurityException e) {
                // authentic but undecryptable: only a token made with a broken implementation
                throw new TokenException(Failure.MALFORMED, "authentic token with invalid padding", e);
            }
            try {
                return reader.read(plain, 0, plainLength);
            } finally {
                // the JCE wipes its own copies of a plaintext; this buffer outlives the call, so it does too
                Arrays.fill(plain, 0, plainLength, (byte) 0);
            }
        }
        throw new TokenException(Failure.NO_MATCHING_KEY, "no configured key matches the token's signature", null);
    }
}
