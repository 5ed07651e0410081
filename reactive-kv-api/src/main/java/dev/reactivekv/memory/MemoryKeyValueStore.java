package dev.reactivekv.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivekv.Capability;
import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.ExpiryQueue;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.StoredEntry;
import dev.reactivekv.spi.WatchHub;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** The in-memory backend; see {@link MemoryStore} for its behaviour. */
final class MemoryKeyValueStore extends AbstractKeyValueStore {

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.SCAN,
            Capability.NATIVE_TTL, Capability.ORDERED_SCAN, Capability.WATCH, Capability.CONDITIONAL_WRITES));
    private static final String CURSOR_PREFIX = "m1:";

    private final ConcurrentHashMap<String, MemoryCollection> collections = new ConcurrentHashMap<>();
    private final NavigableSet<String> collectionNames = new ConcurrentSkipListSet<>();
    private final AtomicLong versions = new AtomicLong();
    private final ExpiryQueue expiries = new ExpiryQueue();
    private final WatchHub hub;
    private final int maxEntries;
    private final Disposable sweeper;
    /**
     * The collection the last read found. A plain field: a thread may see an older one, which the
     * name check then rejects, and a collection, once created, is never replaced while the store is
     * open (its fields are final, so any thread sees it whole).
     */
    private @Nullable MemoryCollection lastRead;

    MemoryKeyValueStore(StoreOptions options, int maxEntriesPerCollection, Scheduler sweepScheduler) {
        super(options);
        this.hub = new WatchHub(options.watchBuffer());
        this.maxEntries = maxEntriesPerCollection;
        this.sweeper = Flux.interval(options.sweepInterval(), options.sweepInterval(), sweepScheduler)
                .subscribe(tick -> sweep());
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    protected Mono<StoredEntry> read(String collection, String key) {
        return Mono.justOrEmpty(readNow(collection, key));
    }

    @Override
    protected boolean readsInMemory() {
        return true;
    }

    @Override
    protected @Nullable StoredEntry readNow(String collection, String key) {
        MemoryCollection c = lastRead;
        if (c == null || !c.name.equals(collection)) {
            c = collections.get(collection);
            if (c == null) {
                return null;
            }
            lastRead = c;
        }
        return c.entries.get(key);
    }

    @Override
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        MemoryCollection c = collections.get(collection);
        Map<String, StoredEntry> found = new HashMap<>();
        if (c != null) {
            for (String k : distinctKeys) {
                StoredEntry e = c.entries.get(k);
                if (e != null) {
                    found.put(k, e);
                }
            }
        }
        return Mono.just(found);
    }

    @Override
    protected Mono<Void> write(String collection, String key, StoredEntry entry) {
        return Mono.fromRunnable(() -> {
            store(collection, key, entry);
            hub.drain(collection);
        });
    }

    @Override
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        return Mono.fromRunnable(() -> {
            entries.forEach((k, e) -> store(collection, k, e));
            hub.drain(collection);
        });
    }

    @Override
    protected Mono<Boolean> remove(String collection, String key) {
        return Mono.fromSupplier(() -> {
            boolean removed = removeLive(collection, key, KeyEvent.Type.DELETE);
            hub.drain(collection);
            return removed;
        });
    }

    @Override
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        return Mono.fromSupplier(() -> {
            long n = 0;
            for (String k : distinctKeys) {
                if (removeLive(collection, k, KeyEvent.Type.DELETE)) {
                    n++;
                }
            }
            hub.drain(collection);
            return n;
        });
    }

    @Override
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        return Mono.fromSupplier(() -> {
            boolean[] stored = {false};
            collection(collection).entries.compute(key, (k, old) -> {
                if (old != null && !old.isExpiredAt(now)) {
                    return old;
                }
                stored[0] = true;
                return installed(collection, k, old, entry);
            });
            afterInsert(collection, stored[0]);
            return stored[0];
        });
    }

    @Override
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion,
                                             StoredEntry entry, Instant now) {
        return Mono.fromSupplier(() -> {
            MemoryCollection c = collections.get(collection);
            if (c == null) {
                return false;
            }
            boolean[] stored = {false};
            c.entries.computeIfPresent(key, (k, old) -> {
                if (old.isExpiredAt(now) || !expectedVersion.equals(old.version())) {
                    return old;
                }
                stored[0] = true;
                return installed(collection, k, old, entry);
            });
            hub.drain(collection);
            return stored[0];
        });
    }

    @Override
    protected Mono<KeyPage> fetchKeys(String collection, ScanOptions options) {
        return Mono.fromSupplier(() -> {
            String from = options.cursor() != null ? decodeCursor(options.cursor()) : options.after();
            MemoryCollection c = collections.get(collection);
            if (c == null) {
                return new KeyPage(List.of(), null);
            }
            String prefix = options.prefix() == null ? "" : options.prefix();
            NavigableSet<String> range = from != null && from.compareTo(prefix) >= 0
                    ? c.index.tailSet(from, false) : c.index.tailSet(prefix, true);
            Instant now = clock().instant();
            List<String> keys = new ArrayList<>(Math.min(options.pageSize(), 1024));
            Iterator<String> it = range.iterator();
            String last = null;
            while (it.hasNext()) {
                String k = it.next();
                if (!k.startsWith(prefix)) {
                    return new KeyPage(keys, null);
                }
                if (keys.size() == options.pageSize()) {
                    return new KeyPage(keys, CURSOR_PREFIX + last);
                }
                StoredEntry e = c.entries.get(k);
                if (e != null && !e.isExpiredAt(now)) {
                    keys.add(k);
                }
                last = k;
            }
            return new KeyPage(keys, null);
        });
    }

    @Override
    protected Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit) {
        return Mono.fromSupplier(() -> {
            NavigableSet<String> range = cursor == null ? collectionNames : collectionNames.tailSet(decodeCursor(cursor), false);
            List<String> names = new ArrayList<>();
            String last = null;
            for (String name : range) {
                if (names.size() == limit) {
                    return new KeyPage(names, CURSOR_PREFIX + last);
                }
                MemoryCollection c = collections.get(name);
                if (c != null && !c.entries.isEmpty()) {
                    names.add(name);
                }
                last = name;
            }
            return new KeyPage(names, null);
        });
    }

    @Override
    protected Mono<Boolean> removeCollection(String collection) {
        return Mono.fromSupplier(() -> {
            MemoryCollection c = collections.get(collection);
            if (c == null) {
                return false;
            }
            boolean any = false;
            for (String k : c.index) {
                any |= removeLive(collection, k, KeyEvent.Type.DELETE);
            }
            hub.drain(collection);
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
        hub.close();
        collections.clear();
        collectionNames.clear();
        lastRead = null;
    }

    // ---- internals ------------------------------------------------------------------------

    private MemoryCollection collection(String name) {
        MemoryCollection c = collections.get(name);
        if (c != null) {
            return c;
        }
        return collections.computeIfAbsent(name, n -> {
            collectionNames.add(n);
            return new MemoryCollection(n);
        });
    }

    private void store(String collection, String key, StoredEntry entry) {
        boolean[] created = {false};
        collection(collection).entries.compute(key, (k, old) -> {
            created[0] = old == null;
            return installed(collection, k, old, entry);
        });
        afterInsert(collection, created[0]);
    }

    /** Runs inside the key's compute: versions the entry, keeps index and expiry queue in step, queues the event. */
    private StoredEntry installed(String collection, String key, @Nullable StoredEntry old, StoredEntry entry) {
        StoredEntry versioned = entry.withVersion(Long.toString(versions.incrementAndGet(), 36));
        MemoryCollection c = collections.get(collection);
        if (old == null) {
            c.index.add(key);
            c.creationOrder.add(key);
        }
        if (versioned.expiresAt() != null) {
            expiries.add(versioned.expiresAt(), collection, key, versioned.version());
        }
        hub.enqueue(KeyEvent.put(collection, key));
        return versioned;
    }

    private void afterInsert(String collection, boolean created) {
        if (created && maxEntries != Integer.MAX_VALUE) {
            MemoryCollection c = collections.get(collection);
            while (c.entries.size() > maxEntries) {
                String oldest = c.creationOrder.poll();
                if (oldest == null) {
                    break;
                }
                removeIf(collection, oldest, null, KeyEvent.Type.DELETE);
            }
        }
        hub.drain(collection);
    }

    /** Removes the key; true when it held an unexpired entry. An expired one is removed as EXPIRE. */
    private boolean removeLive(String collection, String key, KeyEvent.Type type) {
        Instant now = clock().instant();
        StoredEntry removed = removeIf(collection, key, null, type, now);
        return removed != null && !removed.isExpiredAt(now);
    }

    private @Nullable StoredEntry removeIf(String collection, String key, @Nullable String version, KeyEvent.Type type) {
        return removeIf(collection, key, version, type, clock().instant());
    }

    private @Nullable StoredEntry removeIf(String collection, String key, @Nullable String version,
                                           KeyEvent.Type type, Instant now) {
        MemoryCollection c = collections.get(collection);
        if (c == null) {
            return null;
        }
        StoredEntry[] removed = new StoredEntry[1];
        c.entries.computeIfPresent(key, (k, old) -> {
            if (version != null && !version.equals(old.version())) {
                return old;
            }
            removed[0] = old;
            c.index.remove(k);
            boolean expired = old.isExpiredAt(now);
            hub.enqueue(new KeyEvent(expired ? KeyEvent.Type.EXPIRE : type, collection, k));
            return null;
        });
        return removed[0];
    }

    private void sweep() {
        Set<String> touched = new java.util.HashSet<>();
        expiries.pollDue(clock().instant(), item -> {
            if (removeIf(item.collection(), item.key(), item.version(), KeyEvent.Type.EXPIRE) != null) {
                touched.add(item.collection());
            }
        });
        touched.forEach(hub::drain);
    }

    private static String decodeCursor(String cursor) {
        if (!cursor.startsWith(CURSOR_PREFIX)) {
            throw new InvalidCursorException("Not a cursor of this store: " + cursor);
        }
        return cursor.substring(CURSOR_PREFIX.length());
    }
}
