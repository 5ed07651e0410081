package dev.reactivekv.disk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.AbstractStoreBuilder;
import dev.reactivekv.spi.StoreUri;
import dev.reactivekv.wrapper.Wrapper;
import dev.reactivekv.wrapper.Wrappers;
import org.jspecify.annotations.Nullable;

/**
 * Builds the disk store: Chronicle Map files in a directory (by default the platform data directory of
 * an application), persistent across restarts and shareable by several processes, with exact TTL
 * (checked on read, swept in the background), ordered demand-driven scans over an in-memory key index,
 * in-process watch and conditional writes. Every Chronicle call runs on a bounded scheduler the store
 * owns; operations complete on its threads. Encrypted by default (py-key-value's Fernet envelope) with a
 * configured key or one generated once into an owner-only key file; see {@link Builder#encrypted}. See
 * {@code docs/disk.md} for the key file's location and the JVM flags Chronicle needs.
 *
 * <pre>{@code
 * KeyValueStore store = DiskStore.builder().applicationName("my-app").build();
 * }</pre>
 */
public final class DiskStore {

    static {
        // Chronicle's analytics would try to reach the network; this class is loaded before any
        // Chronicle class (the builder and the URI provider both go through it), so the property wins.
        if (System.getProperty("chronicle.analytics.disable") == null) {
            System.setProperty("chronicle.analytics.disable", "true");
        }
    }

    /** Environment variable holding the Fernet key(s), comma-separated, when none is configured. */
    public static final String KEY_ENV = "REACTIVE_KV_ENCRYPTION_KEY";

    /** The application name used when neither a directory nor a name is given. */
    public static final String DEFAULT_APPLICATION = "reactive-kv";

    private DiskStore() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options of the disk store; every one has a usable default. The shared ones (clock, sweep interval, watch
     * buffer, threads) come from {@link AbstractStoreBuilder}; {@code threads} bounds the scheduler every
     * Chronicle call runs on (default here max(4, 2 × cores): calls block on memory-mapped I/O and file locks).
     */
    public static final class Builder extends AbstractStoreBuilder<Builder> {
        @Nullable Path directory;
        String applicationName = DEFAULT_APPLICATION;
        long initialEntries = 100_000;
        boolean encrypted = true;
        @Nullable List<String[]> keys; // {fernetKey, null} or {sourceMaterial, salt}
        @Nullable Path keyFile;
        Map<String, String> env = System.getenv();

        private Builder() {
            threads(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        }

        /** Stores the files in this directory (created if missing). */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Stores the files in the platform data directory of this application (ignored with {@link #directory}). */
        public Builder applicationName(String name) {
            if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("applicationName must be a plain, non-blank name");
            }
            this.applicationName = name;
            return this;
        }

        /**
         * Entries the first map file is sized for. Not a limit: a full file is followed by one eight times
         * larger. Only worth changing to keep tiny stores tiny on disk (files are sparse).
         */
        public Builder initialEntries(long entries) {
            if (entries < 100) {
                throw new IllegalArgumentException("initialEntries must be at least 100");
            }
            this.initialEntries = entries;
            return this;
        }

        /**
         * Encryption at rest, on by default: values are stored as py-key-value's Fernet envelope
         * ({@code __encrypted_data__}), readable by Python's encryption wrapper with the same key. The key
         * comes from {@link #encryptionKey}/{@link #encryptionKeys}/{@link #derivedEncryptionKey}, else the
         * environment variable {@value #KEY_ENV} (comma-separated keys for rotation), else a key file
         * ({@link #encryptionKeyFile}, by default outside the data directory, see {@code docs/disk.md}),
         * generated once with owner-only permissions. {@code false} stores values in clear.
         */
        public Builder encrypted(boolean encrypted) {
            this.encrypted = encrypted;
            return this;
        }

        /** Encrypts with this Fernet key (32 bytes, url-safe base64, as Python's {@code Fernet.generate_key()}). */
        public Builder encryptionKey(String fernetKey) {
            return encryptionKeys(List.of(fernetKey));
        }

        /** Rotation: the first key encrypts, every key decrypts. Replaces keys given before. */
        public Builder encryptionKeys(List<String> fernetKeys) {
            if (fernetKeys.isEmpty()) {
                throw new IllegalArgumentException("encryptionKeys needs at least one key");
            }
            List<String[]> specs = new ArrayList<>();
            for (String k : fernetKeys) {
                Wrappers.encryption().key(k); // fails fast on a malformed key
                specs.add(new String[] {k, null});
            }
            this.keys = specs;
            return this;
        }

        /**
         * Encrypts with the key py-key-value derives from {@code sourceMaterial} and {@code salt}
         * (PBKDF2-HMAC-SHA256, 1,200,000 iterations: about a second, spent in {@link #build()}).
         * Replaces keys given before.
         */
        public Builder derivedEncryptionKey(String sourceMaterial, String salt) {
            Wrappers.encryption().derivedKey(sourceMaterial, salt); // validates without deriving
            this.keys = List.<String[]>of(new String[] {sourceMaterial, salt});
            return this;
        }

        /** Reads the keys from (or generates one into) this file instead of the default location. */
        public Builder encryptionKeyFile(Path file) {
            this.keyFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The key file used when no key is configured: {@link #encryptionKeyFile}; else, for an explicit
         * {@link #directory}, {@code <directory>.key} beside it; else the application's configuration
         * directory ({@code $XDG_CONFIG_HOME/<app>/encryption.key} or {@code ~/.config/<app>/encryption.key}),
         * or {@code <data directory>.key} on macOS and Windows.
         */
        public Path resolvedKeyFile() {
            if (keyFile != null) {
                return keyFile;
            }
            return directory != null ? DataDirectory.keyFileNextTo(directory)
                    : DataDirectory.keyFileForApplication(applicationName);
        }

        /** The directory the store will use. */
        public Path resolvedDirectory() {
            return directory != null ? directory : DataDirectory.forApplication(applicationName);
        }

        /**
         * The directory and options of a {@code disk:} URI: {@code disk:} alone is the default application's
         * directory, {@code disk:/absolute/path} that directory ({@link StoreUri#absolutePath()}: decoded,
         * absolute). Options: the shared ones, {@code applicationName} (without a path), {@code initialEntries},
         * {@code encrypted}, {@code keyFile} (absolute), {@code encryptionKey} (comma-separated Fernet keys,
         * first encrypts) or {@code keySource} with {@code keySalt} (a derived key). Secrets in a URI are
         * redacted from every message; prefer the environment variable or the key file.
         */
        @Override
        public Builder options(StoreUri uri) {
            super.options(uri);
            if (!uri.path().isEmpty() || uri.authority() != null) {
                directory(uri.absolutePath());
            }
            String app = uri.option("applicationName");
            if (app != null) {
                if (directory != null) {
                    throw new StoreSetupException("disk: applicationName names the default directory; it cannot go with a path: "
                            + StoreUri.redact(uri.uri().toString()));
                }
                applicationName(app);
            }
            initialEntries(uri.intOption("initialEntries", (int) Math.min(Integer.MAX_VALUE, initialEntries)));
            encrypted(uri.booleanOption("encrypted", encrypted));
            String file = uri.option("keyFile");
            if (file != null) {
                if (!(file.startsWith("/") || file.matches("[A-Za-z]:.*"))) {
                    throw new StoreSetupException("disk: keyFile needs an absolute path in " + StoreUri.redact(uri.uri().toString()));
                }
                encryptionKeyFile(Path.of(file));
            }
            String keyList = uri.option("encryptionKey");
            if (keyList != null) {
                encryptionKeys(List.of(keyList.split(",")));
            }
            String source = uri.option("keySource");
            String salt = uri.option("keySalt");
            if ((source == null) != (salt == null)) {
                throw new StoreSetupException("disk: keySource and keySalt go together in " + StoreUri.redact(uri.uri().toString()));
            }
            if (source != null) {
                derivedEncryptionKey(source, salt);
            }
            return this;
        }

        /**
         * Opens (creating or recovering) the store, wrapped in the encryption wrapper unless
         * {@code encrypted(false)}. Blocks while the files are opened, the key is read, generated or
         * derived, and checked: call it at start-up, never on a reactive thread.
         *
         * @throws StoreSetupException when the directory, the files or the key file cannot be opened, and
         *         ({@code "wrong encryption key for <dir>"}) when the key does not decrypt the store's key check
         */
        @Override
        public KeyValueStore build() {
            return open().store();
        }

        /** The store and, for tests, the backend under the wrapper. */
        Opened open() {
            JvmFlags.requireChronicleAccess();
            DiskKeyValueStore backend = new DiskKeyValueStore(storeOptions(), resolvedDirectory(), initialEntries);
            if (!encrypted) {
                return new Opened(backend, backend);
            }
            try {
                Wrapper encryption = StoreEncryption.wrapper(this, backend.files());
                KeyCheck.verify(backend.files(), encryption);
                return new Opened(encryption.wrap(backend), backend);
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
        }
    }

    record Opened(KeyValueStore store, DiskKeyValueStore backend) {
    }
}
