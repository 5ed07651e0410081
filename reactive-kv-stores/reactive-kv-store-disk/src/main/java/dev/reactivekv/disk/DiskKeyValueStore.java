package dev.reactivekv.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import dev.reactivekv.Capability;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.CompoundKey;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.StoredEntry;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.WatchHub;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The Chronicle Map backend; see {@link DiskStore}. Every file access runs on {@link #scheduler}, a bounded
 * elastic scheduler this instance owns. Writes to one key are serialized by a lock stripe shared by all
 * instances on the directory in this JVM; watch events are queued under it and delivered after it.
 */
final class DiskKeyValueStore extends AbstractKeyValueStore {

    static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SCAN, Capability.NATIVE_TTL,
            Capability.ORDERED_SCAN, Capability.WATCH, Capability.CROSS_PROCESS_WATCH, Capability.CONDITIONAL_WRITES, Capability.PERSISTENT));
    private static final String CURSOR_PREFIX = "d1:";

    private final DiskFiles files;
    private final Scheduler scheduler;
    private final WatchHub hub;
    private final Disposable sweeper;

    DiskKeyValueStore(StoreOptions options, Path directory, long initialEntries) {
        super(options);
        try {
            this.files = DiskFiles.acquire(directory, initialEntries);
        } catch (IOException | RuntimeException e) {
            throw new StoreSetupException("Could not open the disk store in " + directory + ": " + e, e);
        }
        this.hub = new WatchHub(options.watchBuffer());
        this.scheduler = Schedulers.newBoundedElastic(options.threads(), Integer.MAX_VALUE, "reactive-kv-disk", 60, true);
        files.hubs.add(hub);
        this.sweeper = Flux.interval(options.sweepInterval(), options.sweepInterval(), scheduler)
                .onBackpressureDrop()
                .subscribe(tick -> sweep(), e -> { });
    }

    /** The shared files (for the builder's encryption key check). */
    DiskFiles files() {
        return files;
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

    // ---- point operations -----------------------------------------------------------------

    @Override
    protected Mono<StoredEntry> read(String collection, String key) {
        return blocking(() -> {
            String ck = CompoundKey.join(collection, key);
            byte[] record = files.chain.get(ck);
            return record == null ? null : decode(record);
        });
    }

    @Override
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        return blocking(() -> {
            Map<String, StoredEntry> found = new HashMap<>();
            for (String k : distinctKeys) {
                byte[] record = files.chain.get(CompoundKey.join(collection, k));
                if (record != null) {
                    found.put(k, decode(record));
                }
            }
            return found;
        });
    }

    @Override
    protected Mono<Void> write(String collection, String key, StoredEntry entry) {
        return blocking(() -> {
            String ck = CompoundKey.join(collection, key);
            locked(ck, () -> store(collection, key, ck, entry));
            files.drain(collection);
            return null;
        });
    }

    @Override
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        return blocking(() -> {
            for (Map.Entry<String, StoredEntry> e : entries.entrySet()) {
                String ck = CompoundKey.join(collection, e.getKey());
                locked(ck, () -> store(collection, e.getKey(), ck, e.getValue()));
            }
            files.drain(collection);
            return null;
        });
    }

    @Override
    protected Mono<Boolean> remove(String collection, String key) {
        return blocking(() -> {
            String ck = CompoundKey.join(collection, key);
            boolean removed = locked(ck, () -> delete(collection, key, ck, KeyEvent.Type.DELETE));
            files.drain(collection);
            return removed;
        });
    }

    @Override
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        return blocking(() -> {
            long n = 0;
            for (String k : distinctKeys) {
                String ck = CompoundKey.join(collection, k);
                if (locked(ck, () -> delete(collection, k, ck, KeyEvent.Type.DELETE))) {
                    n++;
                }
            }
            files.drain(collection);
            return n;
        });
    }

    @Override
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        return blocking(() -> {
            String ck = CompoundKey.join(collection, key);
            boolean stored = locked(ck, () -> {
                byte[] current = files.chain.get(ck);
                if (current != null && !decode(current).isExpiredAt(now)) {
                    return false;
                }
                store(collection, key, ck, entry);
                return true;
            });
            files.drain(collection);
            return stored;
        });
    }

    @Override
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion,
                                             StoredEntry entry, Instant now) {
        return blocking(() -> {
            String ck = CompoundKey.join(collection, key);
            boolean stored = locked(ck, () -> {
                byte[] current = files.chain.get(ck);
                if (current == null) {
                    return false;
                }
                StoredEntry old = decode(current);
                if (old.isExpiredAt(now) || !expectedVersion.equals(old.version())) {
                    return false;
                }
                store(collection, key, ck, entry);
                return true;
            });
            files.drain(collection);
            return stored;
        });
    }

    // ---- scans ----------------------------------------------------------------------------

    @Override
    protected Mono<KeyPage> fetchKeys(String collection, ScanOptions options) {
        // the index is in memory: a page costs no file access, so it is built on the requesting thread
        return Mono.fromSupplier(() -> {
            String from = options.cursor() != null ? decodeCursor(options.cursor()) : options.after();
            NavigableMap<String, Instant> index = files.index.pageRead(collection);
            if (index == null) {
                return new KeyPage(List.of(), null);
            }
            String prefix = options.prefix() == null ? "" : options.prefix();
            NavigableMap<String, Instant> range = from != null && from.compareTo(prefix) >= 0
                    ? index.tailMap(from, false) : index.tailMap(prefix, true);
            Instant now = clock().instant();
            List<String> keys = new ArrayList<>(Math.min(options.pageSize(), 1024));
            String last = null;
            for (Iterator<Map.Entry<String, Instant>> it = range.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Instant> e = it.next();
                if (!e.getKey().startsWith(prefix)) {
                    return new KeyPage(keys, null);
                }
                if (keys.size() == options.pageSize()) {
                    return new KeyPage(keys, CURSOR_PREFIX + last);
                }
                if (e.getValue().isAfter(now)) {
                    keys.add(e.getKey());
                }
                last = e.getKey();
            }
            return new KeyPage(keys, null);
        });
    }

    @Override
    protected Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit) {
        return Mono.fromSupplier(() -> {
            NavigableMap<String, ?> all = files.index.byCollection;
            NavigableMap<String, ?> range = cursor == null ? all : all.tailMap(decodeCursor(cursor), false);
            List<String> names = new ArrayList<>();
            String last = null;
            Instant now = clock().instant();
            for (String name : range.keySet()) {
                if (names.size() == limit) {
                    return new KeyPage(names, CURSOR_PREFIX + last);
                }
                NavigableMap<String, Instant> keys = files.index.keys(name);
                if (keys != null && keys.values().stream().anyMatch(exp -> exp.isAfter(now))) {
                    names.add(name);
                }
                last = name;
            }
            return new KeyPage(names, null);
        });
    }

    @Override
    protected Mono<Boolean> removeCollection(String collection) {
        return blocking(() -> {
            // from the files, not the index, so keys written by other processes go too
            Set<String> keys = new TreeSet<>();
            NavigableMap<String, Instant> index = files.index.keys(collection);
            if (index != null) {
                keys.addAll(index.keySet());
            }
            files.chain.forEachKey(CompoundKey.prefix(collection), ck -> keys.add(CompoundKey.keyOf(collection, ck)));
            boolean any = false;
            for (String k : keys) {
                String ck = CompoundKey.join(collection, k);
                any |= locked(ck, () -> delete(collection, k, ck, KeyEvent.Type.DELETE));
            }
            files.drain(collection);
            return any;
        });
    }

    @Override
    protected Flux<KeyEvent> watchBackend(String collection, KeyFilter filter) {
        return hub.subscribe(collection, filter);
    }

    @Override
    protected void closeBackend() {
        sweeper.dispose();
        files.hubs.remove(hub);
        hub.close();
        // running operations finish before the files are let go; nothing waits on the caller's thread
        scheduler.disposeGracefully()
                .timeout(Duration.ofSeconds(10), Schedulers.single())
                .onErrorResume(e -> Mono.fromRunnable(scheduler::dispose))
                .doFinally(s -> files.release())
                .subscribe();
    }

    @Override
    protected KeyValueException translate(Throwable error) {
        if (error instanceof IllegalStateException && String.valueOf(error.getMessage()).contains("closed")) {
            return new dev.reactivekv.error.StoreClosedException("Store is closed", error);
        }
        return super.translate(error);
    }

    // ---- internals ------------------------------------------------------------------------

    private <T> Mono<T> blocking(Callable<@Nullable T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler);
    }

    private <T> T locked(String compoundKey, java.util.function.Supplier<T> body) {
        return files.locked(compoundKey, body);
    }

    /** Under the key's lock: writes the record, keeps index and expiry queue in step, queues the event. */
    private Void store(String collection, String key, String ck, StoredEntry entry) {
        byte[] envelope = EntryCodec.toBytes(entry, collection, key);
        byte[] previous = files.chain.put(ck, files.toRecord(envelope, entry.expiresAt()));
        files.discard(previous);
        files.index.put(collection, key, entry.expiresAt());
        if (entry.expiresAt() != null) {
            files.expiries.add(entry.expiresAt(), collection, key, null);
        }
        files.changed(KeyEvent.put(collection, key), entry.expiresAt());
        return null;
    }

    /** Under the key's lock: removes it; true when it held an unexpired entry (an expired one goes as EXPIRE). */
    private boolean delete(String collection, String key, String ck, KeyEvent.Type type) {
        byte[] previous = files.chain.remove(ck);
        files.index.remove(collection, key);
        if (previous == null) {
            return false;
        }
        boolean expired;
        try {
            Instant exp = DiskFiles.expiryOf(previous);
            expired = exp != null && !exp.isAfter(clock().instant());
        } catch (DeserializationException corrupt) {
            expired = false;
        }
        files.discard(previous);
        files.changed(new KeyEvent(expired ? KeyEvent.Type.EXPIRE : type, collection, key), null);
        return !expired;
    }

    private StoredEntry decode(byte[] record) {
        return EntryCodec.fromBytes(files.envelope(record));
    }

    /** Removes what expired and tells watchers (EXPIRE); re-reads each entry so a rewritten key is kept. */
    private void sweep() {
        if (isClosed()) {
            return;
        }
        Set<String> touched = new HashSet<>();
        Instant now = clock().instant();
        try {
            files.expiries.pollDue(now, item -> {
                String ck = CompoundKey.join(item.collection(), item.key());
                locked(ck, () -> {
                    byte[] record = files.chain.get(ck);
                    if (record != null) {
                        Instant exp;
                        try {
                            exp = DiskFiles.expiryOf(record);
                        } catch (DeserializationException corrupt) {
                            return null;
                        }
                        if (exp != null && !exp.isAfter(now)) {
                            files.discard(files.chain.remove(ck));
                            files.index.remove(item.collection(), item.key());
                            files.changed(KeyEvent.expire(item.collection(), item.key()), null);
                            touched.add(item.collection());
                        }
                    } else {
                        files.index.remove(item.collection(), item.key());
                    }
                    return null;
                });
            });
        } catch (RuntimeException e) {
            // the files may be closing; the next tick (or the next read) deals with it
        }
        touched.forEach(files::drain);
    }

    private static String decodeCursor(String cursor) {
        if (!cursor.startsWith(CURSOR_PREFIX)) {
            throw new InvalidCursorException("Not a cursor of this store: " + cursor);
        }
        return cursor.substring(CURSOR_PREFIX.length());
    }
}
