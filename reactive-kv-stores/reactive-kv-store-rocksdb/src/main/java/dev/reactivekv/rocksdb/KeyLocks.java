package dev.reactivekv.rocksdb;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks that serialize every read-check-write of a key (put, delete, putIfAbsent,
 * compareAndSet, the expiry sweep), so that a compare-and-set never overwrites a put it did not
 * see and watch events leave in write order. Taken only on the store's own scheduler threads,
 * which may block. Several stripes are always taken in ascending order, so bulk calls cannot deadlock.
 */
final class KeyLocks {

    private final ReentrantLock[] stripes;

    KeyLocks(int count) {
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    private int stripe(byte[] compoundKey) {
        return Math.floorMod(Arrays.hashCode(compoundKey), stripes.length);
    }

    /** Locks the stripe of one key; the caller unlocks with {@link #unlock(int[])}. */
    int[] lock(byte[] compoundKey) {
        int[] held = {stripe(compoundKey)};
        stripes[held[0]].lock();
        return held;
    }

    /** Locks the stripes of every key, in ascending stripe order. */
    int[] lockAll(Collection<byte[]> compoundKeys) {
        return lockSorted(compoundKeys.stream().mapToInt(this::stripe).distinct().sorted().toArray());
    }

    /** Locks every stripe: nothing else writes until {@link #unlock}. */
    int[] lockEverything() {
        int[] all = new int[stripes.length];
        Arrays.setAll(all, i -> i);
        return lockSorted(all);
    }

    private int[] lockSorted(int[] sorted) {
        for (int s : sorted) {
            stripes[s].lock();
        }
        return sorted;
    }

    void unlock(int[] held) {
        for (int i = held.length - 1; i >= 0; i--) {
            stripes[held[i]].unlock();
        }
    }
}
