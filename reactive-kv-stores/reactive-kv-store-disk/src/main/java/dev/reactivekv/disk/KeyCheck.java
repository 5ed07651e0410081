package dev.reactivekv.disk;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.internal.codec.PyJson;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.error.DecryptionException;
import dev.reactivekv.wrapper.Wrapper;

/**
 * The key-check record: a small known value encrypted with the store's key, kept under a raw map key that
 * is not a {@code collection::key} compound (so the index, scans, {@code collections()}, watch and the
 * orphan-part cleanup never see it). Opening an encrypted store decrypts it: a key that cannot is refused
 * before any entry is read, instead of failing later entry by entry. The record is then rewritten with the
 * first key, so after a rotation it follows the newest key.
 *
 * <p>The encryption wrapper's cipher is not public, so the check encrypts and decrypts through the wrapper
 * itself over a scratch {@link MemoryStore}. Blocking; runs in {@code build()} only.
 */
final class KeyCheck {

    static final String KEY = "\u0000key-check";
    private static final Map<String, Object> CANARY = Map.of("reactive-kv", "key-check");

    private KeyCheck() {
    }

    static boolean present(DiskFiles files) {
        return files.chain.get(KEY) != null;
    }

    /** Verifies the key against the record (writing it if absent). Throws StoreSetupException on a wrong key. */
    static void verify(DiskFiles files, Wrapper encryption) {
        try (KeyValueStore scratch = MemoryStore.builder().build(); KeyValueStore view = encryption.wrap(scratch)) {
            files.locked(KEY, () -> {
                byte[] record = files.chain.get(KEY);
                if (record != null) {
                    check(files, scratch, view, record);
                }
                view.put("k", "k", CANARY, null).block();
                Map<String, Object> encrypted = scratch.get("k", "k").block();
                files.chain.put(KEY, PyJson.dumpsCompact(encrypted).getBytes(StandardCharsets.UTF_8));
                return null;
            });
        }
    }

    private static void check(DiskFiles files, KeyValueStore scratch, KeyValueStore view, byte[] record) {
        Map<String, Object> plain;
        try {
            scratch.put("k", "k", EntryCodec.decodeValue(new String(record, StandardCharsets.UTF_8)), null).block();
            plain = view.get("k", "k").block();
        } catch (DecryptionException wrongKey) {
            throw new StoreSetupException("wrong encryption key for " + files.directory, wrongKey);
        } catch (DeserializationException corrupt) {
            throw new StoreSetupException("The encryption key check of " + files.directory + " is unreadable: "
                    + corrupt.getMessage(), corrupt);
        }
        if (!CANARY.equals(plain)) {
            // a plaintext record (never written by us) or another value: not something to encrypt over
            throw new StoreSetupException("The encryption key check of " + files.directory + " is not ours");
        }
    }
}
