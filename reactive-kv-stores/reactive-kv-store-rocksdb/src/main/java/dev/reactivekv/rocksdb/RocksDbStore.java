package dev.reactivekv.rocksdb;

import java.nio.file.Path;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.AbstractStoreBuilder;
import dev.reactivekv.spi.StoreUri;
import org.jspecify.annotations.Nullable;

/**
 * Builds the RocksDB store: py-key-value's layout (key {@code collection::key}, value the JSON
 * envelope, in the default column family), so a Python {@code RocksDBStore} and this store can
 * read each other's databases.
 *
 * <ul>
 *   <li><b>Threads.</b> Every RocksDB call runs on a bounded elastic scheduler the store owns and
 *       disposes on close; signals arrive on its threads ({@code rkv-rocksdb-*}).</li>
 *   <li><b>TTL.</b> Exact: reads check {@code expires_at} against the builder's {@code clock}. Entries written
 *       with a TTL are also indexed by expiry in the {@code rkv-expiry} column family; a background sweep
 *       deletes them once due and emits {@code EXPIRE}.</li>
 *   <li><b>Scans.</b> Ascending by UTF-8 bytes (Unicode code point order), demand-driven; each page
 *       opens an iterator, reads at most a page, and closes it, so cancelling leaves nothing open.</li>
 *   <li><b>Conditional writes and watch.</b> Striped locks serialize read-check-write per key within
 *       this store instance; watch sees the writes made through this instance.</li>
 *   <li><b>One handle per database.</b> RocksDB locks the directory: a second open of the same
 *       directory, in this process or another, fails with {@link dev.reactivekv.error.StoreSetupException}.</li>
 * </ul>
 *
 * <pre>{@code
 * KeyValueStore store = RocksDbStore.builder().path(Path.of("/var/lib/app/kv")).build();
 * KeyValueStore byUri = KeyValueStores.open("rocksdb:/var/lib/app/kv");
 * }</pre>
 */
public final class RocksDbStore {

    private RocksDbStore() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options of the RocksDB store; only {@link #path} is required. The shared ones (clock, sweep interval,
     * watch buffer, threads) come from {@link AbstractStoreBuilder}; {@code threads} bounds the scheduler every
     * RocksDB call runs on (default here max(4, 2 × cores): calls block on disk).
     */
    public static final class Builder extends AbstractStoreBuilder<Builder> {
        private @Nullable Path path;
        private boolean createIfMissing = true;
        private boolean syncWrites;

        private Builder() {
            threads(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        }

        /** The database directory. URI: the path of {@code rocksdb:/absolute/path}. */
        public Builder path(Path dir) {
            this.path = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Whether to create the directory and database when absent (default true); false fails on a missing one. */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        /**
         * Whether every write waits for {@code fsync} of the write-ahead log (default false: a write
         * survives the process being killed, but not a power loss or kernel crash).
         */
        public Builder syncWrites(boolean sync) {
            this.syncWrites = sync;
            return this;
        }

        /**
         * The directory ({@link StoreUri#absolutePath()}: decoded, absolute) and the options of a
         * {@code rocksdb:} URI: the shared ones, {@code createIfMissing}, {@code syncWrites}.
         */
        @Override
        public Builder options(StoreUri uri) {
            super.options(uri);
            path(uri.absolutePath());
            createIfMissing(uri.booleanOption("createIfMissing", createIfMissing));
            return syncWrites(uri.booleanOption("syncWrites", syncWrites));
        }

        /**
         * Opens the database. Blocking (it reads the directory): call it at start-up, not on a reactive thread.
         *
         * @throws dev.reactivekv.error.StoreSetupException when the directory cannot be opened, e.g. because
         *         another process or store instance has it open
         */
        @Override
        public KeyValueStore build() {
            if (path == null) {
                throw new IllegalStateException("RocksDbStore needs path(dir)");
            }
            return new RocksKeyValueStore(storeOptions(), path, createIfMissing, syncWrites);
        }
    }
}
