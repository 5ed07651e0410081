package dev.reactivekv.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.StoreClosedException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.StoredEntry;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.WatchHub;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The RocksDB backend; see {@link RocksDbStore} for its behaviour. */
final class RocksKeyValueStore extends AbstractKeyValueStore {

    private static final Logger LOG = LoggerFactory.getLogger(RocksKeyValueStore.class);
    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SCAN, Capability.PERSISTENT,
            Capability.ORDERED_SCAN, Capability.WATCH, Capability.CONDITIONAL_WRITES, Capability.NATIVE_TTL));
    /** Index keys one sweep handles at most, so a backlog never monopolises a thread. */
    private static final int SWEEP_BATCH = 1000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final Scheduler scheduler;
    private final RocksHandle handle;
    private final KeyLocks locks = new KeyLocks(64);
    private final WatchHub hub;
    private final Disposable sweeper;

    RocksKeyValueStore(StoreOptions options, Path path, boolean createIfMissing, boolean syncWrites) {
        super(options);
        this.scheduler = Schedulers.newBoundedElastic(options.threads(), 100_000, "rkv-rocksdb", 60, true);
        try {
            this.handle = RocksHandle.open(path, createIfMissing, syncWrites,
                    () -> scheduler.disposeGracefully().subscribe(null, e -> { }));
        } catch (RuntimeException e) {
            scheduler.dispose();
            throw e;
        }
        this.hub = new WatchHub(options.watchBuffer());
        long every = Math.max(1, options.sweepInterval().toMillis());
        this.sweeper = scheduler.schedulePeriodically(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /** Every name is joined into {@code collection::key}: the base refuses collections that layout cannot hold. */
    @Override
    protected boolean joinsCollectionAndKey() {
        return true;
    }

    /** Iterators opened over the entries so far (for the conformance test's backend evidence). */
    long entryIteratorsCreated() {
        return handle.entryIteratorsCreated();
    }

    /** The open database itself, for tests that write what the store never would. */
    org.rocksdb.RocksDB rawDb() {
        return handle.db;
    }

    // ---- single keys ----------------------------------------------------------------------

    @Override
    protected Mono<StoredEntry> read(String collection, String key) {
        byte[] k = CompoundKeys.entry(collection, key);
        return onDb(() -> {
            byte[] v = handle.db.get(k);
            return v == null ? null : EntryCodec.fromBytes(v);
        });
    }

    @Override
    protected Mono<Void> write(String collection, String key, StoredEntry entry) {
        Put put = new Put(collection, key, entry);
        return onDb(() -> locked(locks.lock(put.key), collection, () -> {
            try (WriteBatch batch = new WriteBatch()) {
                put.into(batch, handle.expiry);
                handle.db.write(handle.writeOptions, batch);
            }
            hub.enqueue(KeyEvent.put(collection, key));
            return null;
        }));
    }

    @Override
    protected Mono<Boolean> remove(String collection, String key) {
        byte[] k = CompoundKeys.entry(collection, key);
        return onDb(() -> locked(locks.lock(k), collection, () -> {
            byte[] old = handle.db.get(k);
            if (old == null) {
                return false;
            }
            handle.db.delete(handle.writeOptions, k);
            boolean expired = expiredAt(old, clock().instant());
            hub.enqueue(expired ? KeyEvent.expire(collection, key) : KeyEvent.delete(collection, key));
            return !expired;
        }));
    }

    @Override
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        Put put = new Put(collection, key, entry);
        return onDb(() -> locked(locks.lock(put.key), collection, () -> {
            byte[] old = handle.db.get(put.key);
            if (old != null && !expiredAt(old, now)) {
                return false;
            }
            try (WriteBatch batch = new WriteBatch()) {
                put.into(batch, handle.expiry);
                handle.db.write(handle.writeOptions, batch);
            }
            hub.enqueue(KeyEvent.put(collection, key));
            return true;
        }));
    }

    @Override
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion,
                                             StoredEntry entry, Instant now) {
        Put put = new Put(collection, key, entry);
        return onDb(() -> locked(locks.lock(put.key), collection, () -> {
            byte[] old = handle.db.get(put.key);
            StoredEntry current = old == null ? null : EntryCodec.fromBytes(old);
            if (current == null || !expectedVersion.equals(current.version()) || current.isExpiredAt(now)) {
                return false;
            }
            try (WriteBatch batch = new WriteBatch()) {
                put.into(batch, handle.expiry);
                handle.db.write(handle.writeOptions, batch);
            }
            hub.enqueue(KeyEvent.put(collection, key));
            return true;
        }));
    }

    // ---- bulk -----------------------------------------------------------------------------

    @Override
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        List<byte[]> keys = compoundKeys(collection, distinctKeys);
        return onDb(() -> {
            List<byte[]> values = handle.db.multiGetAsList(keys);
            Map<String, StoredEntry> found = new HashMap<>();
            for (int i = 0; i < values.size(); i++) {
                byte[] v = values.get(i);
                if (v != null) {
                    found.put(distinctKeys.get(i), EntryCodec.fromBytes(v));
                }
            }
            return found;
        });
    }

    @Override
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        List<Put> puts = new ArrayList<>(entries.size());
        entries.forEach((k, e) -> puts.add(new Put(collection, k, e)));
        return onDb(() -> locked(locks.lockAll(puts.stream().map(p -> p.key).toList()), collection, () -> {
            try (WriteBatch batch = new WriteBatch()) {
                for (Put p : puts) {
                    p.into(batch, handle.expiry);
                }
                handle.db.write(handle.writeOptions, batch);
            }
            for (Put p : puts) {
                hub.enqueue(KeyEvent.put(collection, p.name));
            }
            return null;
        }));
    }

    @Override
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        List<byte[]> keys = compoundKeys(collection, distinctKeys);
        return onDb(() -> locked(locks.lockAll(keys), collection, () -> {
            // read and delete under the same stripes: the count is exactly what this call removed
            List<byte[]> old = handle.db.multiGetAsList(keys);
            Instant now = clock().instant();
            List<KeyEvent> events = new ArrayList<>();
            long live = 0;
            try (WriteBatch batch = new WriteBatch()) {
                for (int i = 0; i < keys.size(); i++) {
                    byte[] v = old.get(i);
                    if (v != null) {
                        batch.delete(keys.get(i));
                        boolean expired = expiredAt(v, now);
                        events.add(expired ? KeyEvent.expire(collection, distinctKeys.get(i))
                                : KeyEvent.delete(collection, distinctKeys.get(i)));
                        live += expired ? 0 : 1;
                    }
                }
                if (!events.isEmpty()) {
                    handle.db.write(handle.writeOptions, batch);
                }
            }
            events.forEach(hub::enqueue);
            return live;
        }));
    }

    // ---- scans ----------------------------------------------------------------------------

    @Override
    protected Mono<KeyPage> fetchKeys(String collection, ScanOptions options) {
        byte[] lower = CompoundKeys.lower(collection, options.prefix());
        byte[] upper = CompoundKeys.successor(lower);
        int nameStart = CompoundKeys.lower(collection, null).length;
        byte[] start = lower;
        String from = options.cursor() != null
                ? new String(CompoundKeys.cursorBytes(options.cursor()), StandardCharsets.UTF_8) : options.after();
        if (from != null) {
            byte[] past = CompoundKeys.after(CompoundKeys.lower(collection, from));
            if (java.util.Arrays.compareUnsigned(past, start) > 0) {
                start = past;
            }
        }
        byte[] seek = start;
        int limit = options.pageSize();
        // one iterator per page, closed before the page is emitted: nothing stays open between
        // pages, so a cancelled or abandoned scan holds no native resource
        return onDb(() -> {
            try (Slice bound = new Slice(upper);
                 ReadOptions ro = new ReadOptions().setIterateUpperBound(bound).setFillCache(false);
                 RocksIterator it = handle.newEntryIterator(ro)) {
                it.seek(seek);
                List<String> keys = new ArrayList<>(Math.min(limit, 1024));
                while (it.isValid() && keys.size() < limit) {
                    byte[] k = it.key();
                    keys.add(CompoundKeys.text(k, nameStart, k.length));
                    it.next();
                }
                it.status();
                String next = it.isValid() && !keys.isEmpty() ? CompoundKeys.cursor(keys.get(keys.size() - 1)) : null;
                return new KeyPage(keys, next);
            }
        });
    }

    @Override
    protected Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit) {
        byte[] resume = cursor == null ? null : pastCollection(CompoundKeys.cursorBytes(cursor), -1);
        // visits one key per collection: after reading a collection's first key it seeks past
        // "<collection>::" entirely, so listing costs O(collections), not O(keys)
        return onDb(() -> {
            try (ReadOptions ro = new ReadOptions().setFillCache(false);
                 RocksIterator it = handle.newEntryIterator(ro)) {
                if (resume == null) {
                    it.seekToFirst();
                } else {
                    it.seek(resume);
                }
                List<String> names = new ArrayList<>();
                while (it.isValid()) {
                    byte[] k = it.key();
                    int sep = CompoundKeys.separator(k);
                    if (sep <= 0) {
                        it.next(); // not written in the compound layout: not a collection
                        continue;
                    }
                    if (names.size() == limit) {
                        return new KeyPage(names, CompoundKeys.cursor(names.get(limit - 1)));
                    }
                    names.add(CompoundKeys.text(k, 0, sep));
                    it.seek(pastCollection(k, sep));
                }
                it.status();
                return new KeyPage(names, null);
            }
        });
    }

    /** {@code name + ":;"}: the first byte string after every key of the collection (name = bytes[0, sep), or all of them). */
    private static byte[] pastCollection(byte[] bytes, int sep) {
        int n = sep < 0 ? bytes.length : sep;
        byte[] out = java.util.Arrays.copyOf(bytes, n + 2);
        out[n] = ':';
        out[n + 1] = ';';
        return out;
    }

    @Override
    protected Mono<Boolean> removeCollection(String collection) {
        byte[] lower = CompoundKeys.lower(collection, null);
        byte[] upper = CompoundKeys.successor(lower);
        int nameStart = lower.length;
        // every stripe: no single-key write interleaves, so each removed key gets its DELETE event
        return onDb(() -> locked(locks.lockEverything(), collection, () -> {
            boolean any;
            try (Slice bound = new Slice(upper);
                 ReadOptions ro = new ReadOptions().setIterateUpperBound(bound);
                 RocksIterator it = handle.newEntryIterator(ro)) {
                it.seek(lower);
                any = it.isValid();
                if (hub.isWatched(collection)) {
                    for (; it.isValid(); it.next()) {
                        byte[] k = it.key();
                        hub.enqueue(KeyEvent.delete(collection, CompoundKeys.text(k, nameStart, k.length)));
                    }
                }
                it.status();
            }
            if (any) {
                handle.db.deleteRange(handle.writeOptions, lower, upper);
            }
            return any;
        }));
    }

    // ---- watch, expiry, lifecycle ------------------------------------------------------------

    @Override
    protected Flux<KeyEvent> watchBackend(String collection, KeyFilter filter) {
        return hub.subscribe(collection, filter);
    }

    /** Removes entries whose expiry has passed (by the store's clock) and announces them as EXPIRE. */
    private void sweep() {
        if (!handle.acquire()) {
            return;
        }
        Set<String> touched = new HashSet<>();
        try {
            Instant now = clock().instant();
            List<byte[]> due = new ArrayList<>();
            try (Slice bound = new Slice(ExpiryIndex.upperBound(now));
                 ReadOptions ro = new ReadOptions().setIterateUpperBound(bound);
                 RocksIterator it = handle.db.newIterator(handle.expiry, ro)) {
                for (it.seekToFirst(); it.isValid() && due.size() < SWEEP_BATCH; it.next()) {
                    due.add(it.key());
                }
                it.status();
            }
            for (byte[] indexKey : due) {
                byte[] k = ExpiryIndex.compoundKey(indexKey);
                int[] held = locks.lock(k);
                try {
                    byte[] v = handle.db.get(k);
                    boolean expired = v != null && expiredAt(v, now);
                    try (WriteBatch batch = new WriteBatch()) {
                        batch.delete(handle.expiry, indexKey);
                        if (expired) {
                            batch.delete(k);
                        }
                        handle.db.write(handle.writeOptions, batch);
                    }
                    int sep = CompoundKeys.separator(k);
                    if (expired && sep > 0) {
                        String collection = CompoundKeys.text(k, 0, sep);
                        hub.enqueue(KeyEvent.expire(collection, CompoundKeys.text(k, sep + 2, k.length)));
                        touched.add(collection);
                    }
                } finally {
                    locks.unlock(held);
                }
            }
        } catch (RocksDBException | RuntimeException e) {
            LOG.warn("RocksDB expiry sweep failed; retrying at the next interval", e);
        } finally {
            handle.release();
        }
        touched.forEach(hub::drain);
    }

    @Override
    protected void closeBackend() {
        sweeper.dispose();
        hub.close();
        handle.close(CLOSE_WAIT);
    }

    @Override
    protected KeyValueException translate(Throwable error) {
        if (error instanceof RejectedExecutionException && isClosed()) {
            return new StoreClosedException("Store is closed");
        }
        if (error instanceof RocksDBException e) {
            return new StoreUnavailableException("RocksDB failed: " + e.getMessage()
                    + (e.getStatus() == null ? "" : " (" + e.getStatus().getCodeString() + ")"), e);
        }
        return super.translate(error);
    }

    // ---- internals ------------------------------------------------------------------------

    /** Runs blocking RocksDB work on the store's scheduler, holding a reference to the open database. */
    private <T> Mono<T> onDb(Callable<@Nullable T> work) {
        return Mono.fromCallable(() -> {
            if (!handle.acquire()) {
                throw new StoreClosedException("Store is closed");
            }
            try {
                return work.call();
            } finally {
                handle.release();
            }
        }).subscribeOn(scheduler);
    }

    /** Runs the body under the held stripes, then releases them and delivers queued events outside the lock. */
    private <T> @Nullable T locked(int[] held, String collection, Callable<@Nullable T> body) throws Exception {
        try {
            return body.call();
        } finally {
            locks.unlock(held);
            hub.drain(collection);
        }
    }

    private static List<byte[]> compoundKeys(String collection, List<String> keys) {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            out.add(CompoundKeys.entry(collection, k));
        }
        return out;
    }

    /** Whether the stored envelope has expired; an unreadable one counts as live (a read reports it). */
    private static boolean expiredAt(byte[] stored, Instant now) {
        try {
            return EntryCodec.fromBytes(stored).isExpiredAt(now);
        } catch (KeyValueException e) {
            return false;
        }
    }

    /** One entry prepared for writing: encoded before any I/O, so a bad value never reaches the database. */
    private static final class Put {
        final String name;
        final byte[] key;
        final byte[] bytes;
        final @Nullable Instant expiresAt;

        Put(String collection, String name, StoredEntry entry) {
            this.name = name;
            this.key = CompoundKeys.entry(collection, name);
            this.bytes = EntryCodec.toBytes(entry, collection, name);
            this.expiresAt = entry.expiresAt();
        }

        /** The entry into the default family and, with a TTL, its key into the expiry index. */
        void into(WriteBatch batch, ColumnFamilyHandle expiryFamily) throws RocksDBException {
            batch.put(key, bytes);
            if (expiresAt != null) {
                batch.put(expiryFamily, ExpiryIndex.key(expiresAt, key), ExpiryIndex.EMPTY);
            }
        }
    }
}
