package dev.reactivekv.disk;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.StoreSetupException;
import org.jspecify.annotations.Nullable;

/**
 * Builds the disk store: Chronicle Map files in a directory (by default the platform data directory of
 * an application), persistent across restarts and shareable by several processes, with exact TTL
 * (checked on read, swept in the background), ordered demand-driven scans over an in-memory key index,
 * in-process watch and conditional writes. Every Chronicle call runs on a bounded scheduler the store
 * owns; operations complete on its threads. See {@code docs/disk.md} for the JVM flags Chronicle needs.
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

    /** The application name used when neither a directory nor a name is given. */
    public static final String DEFAULT_APPLICATION = "reactive-kv";

    private DiskStore() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of the disk store; every one has a usable default. */
    public static final class Builder {
        @Nullable Path directory;
        String applicationName = DEFAULT_APPLICATION;
        Clock clock = Clock.systemUTC();
        Duration sweepInterval = Duration.ofMillis(100);
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        long initialEntries = 100_000;
        boolean encrypted = false;

        private Builder() {
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

        /** The clock expiry is measured with (inject one to test TTLs without waiting). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How often expired entries are removed and announced as EXPIRE; reads never see them either way. */
        public Builder sweepInterval(Duration interval) {
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("sweepInterval must be positive");
            }
            this.sweepInterval = interval;
            return this;
        }

        /** Threads of the store's bounded scheduler that runs every Chronicle call. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
            this.threads = threads;
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

        // TODO(issue 4, encryption): encrypted by default needs the Fernet wrapper in dev.reactivekv.wrapper,
        // which does not exist yet; wire it here (key from configuration or a 0600 key file outside the
        // data files, wrong key -> typed decrypt error) and make encrypted(true) the default.
        /** Encryption at rest; not available yet, so only {@code false} is accepted. */
        public Builder encrypted(boolean encrypted) {
            if (encrypted) {
                throw new UnsupportedOperationException("Encryption of the disk store is not implemented yet");
            }
            this.encrypted = false;
            return this;
        }

        /** The directory the store will use. */
        public Path resolvedDirectory() {
            return directory != null ? directory : DataDirectory.forApplication(applicationName);
        }

        /**
         * Opens (creating or recovering) the store. Blocks while the files are opened.
         *
         * @throws StoreSetupException when the directory or the files cannot be opened
         */
        public KeyValueStore build() {
            return new DiskKeyValueStore(this);
        }
    }
}
