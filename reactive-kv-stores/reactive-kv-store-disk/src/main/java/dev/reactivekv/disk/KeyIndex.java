package dev.reactivekv.disk;

import java.time.Instant;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The sorted in-memory index of keys per collection, with each key's expiry ({@link Instant#MAX} for
 * none), rebuilt from the files on open and kept in step by every write of this process. Scans and
 * the collection list read it, so they are ordered and need no file I/O.
 */
final class KeyIndex {

    static final Instant NEVER = Instant.MAX;

    final ConcurrentSkipListMap<String, ConcurrentSkipListMap<String, Instant>> byCollection =
            new ConcurrentSkipListMap<>();
    private final LongAdder pageReads = new LongAdder();

    void put(String collection, String key, @Nullable Instant expiresAt) {
        byCollection.computeIfAbsent(collection, c -> new ConcurrentSkipListMap<>())
                .put(key, expiresAt == null ? NEVER : expiresAt);
    }

    void remove(String collection, String key) {
        ConcurrentSkipListMap<String, Instant> keys = byCollection.get(collection);
        if (keys != null) {
            keys.remove(key);
        }
    }

    @Nullable NavigableMap<String, Instant> keys(String collection) {
        return byCollection.get(collection);
    }

    /**
     * The collection's keys, for one page of a key scan. Scans read this index, never the map files, so
     * this is where the conformance kit's "backend scan requests" are counted: one per page read.
     */
    @Nullable NavigableMap<String, Instant> pageRead(String collection) {
        pageReads.increment();
        return byCollection.get(collection);
    }

    /** How many {@link #pageRead}s there were (monotonic). */
    long pageReads() {
        return pageReads.sum();
    }
}
