package dev.reactivekv.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.wrapper.EncryptionBuilder;
import dev.reactivekv.wrapper.Wrapper;
import dev.reactivekv.wrapper.Wrappers;

/**
 * Resolves the disk store's encryption keys (configured, environment, key file: the first that applies)
 * and builds the wrapper. Blocking (file I/O, PBKDF2 for derived keys); runs in {@code build()} only.
 */
final class StoreEncryption {

    private StoreEncryption() {
    }

    static Wrapper wrapper(DiskStore.Builder b, DiskFiles files) {
        EncryptionBuilder enc = Wrappers.encryption();
        if (b.keys != null) {
            for (String[] spec : b.keys) {
                if (spec[1] == null) {
                    enc.key(spec[0]);
                } else {
                    enc.derivedKey(spec[0], spec[1]);
                }
            }
            return enc.build();
        }
        String fromEnv = b.env.get(DiskStore.KEY_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            for (String k : fromEnv.split(",")) {
                if (!k.isBlank()) {
                    enc.key(parse(k.trim(), DiskStore.KEY_ENV));
                }
            }
            return enc.build();
        }
        for (String k : fromFile(b, files)) {
            enc.key(parse(k, b.resolvedKeyFile().toString()));
        }
        return enc.build();
    }

    private static List<String> fromFile(DiskStore.Builder b, DiskFiles files) {
        Path file;
        try {
            file = b.resolvedKeyFile();
        } catch (IllegalArgumentException e) {
            throw new StoreSetupException(e.getMessage(), e);
        }
        if (!java.nio.file.Files.exists(file) && KeyCheck.present(files)) {
            // generating a new key would only end in "wrong key": say what is really missing
            throw new StoreSetupException("wrong encryption key for " + files.directory + ": the store is encrypted"
                    + " but its key file " + file + " does not exist (configure the key or restore the file)");
        }
        try {
            return new ArrayList<>(KeyFile.readOrCreate(file));
        } catch (IOException e) {
            throw new StoreSetupException("Could not read or create the encryption key file " + file + ": " + e, e);
        }
    }

    private static String parse(String key, String source) {
        try {
            Wrappers.encryption().key(key);
            return key;
        } catch (IllegalArgumentException e) {
            throw new StoreSetupException("Invalid Fernet key in " + source + ": " + e.getMessage(), e);
        }
    }
}
