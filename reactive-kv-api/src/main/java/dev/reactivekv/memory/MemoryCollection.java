package dev.reactivekv.memory;

import java.util.NavigableSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;

import dev.reactivekv.spi.StoredEntry;

/**
 * One collection: a hash map for point operations plus a sorted index for scans. The index is
 * only changed inside the map's per-key {@code compute}, so the two never disagree about a key.
 */
final class MemoryCollection {

    final String name;
    final ConcurrentHashMap<String, StoredEntry> entries = new ConcurrentHashMap<>();
    final NavigableSet<String> index = new ConcurrentSkipListSet<>();
    /** Keys in creation order, for eviction; may hold keys since removed or re-created. */
    final Queue<String> creationOrder = new ConcurrentLinkedQueue<>();

    MemoryCollection(String name) {
        this.name = name;
    }
}
