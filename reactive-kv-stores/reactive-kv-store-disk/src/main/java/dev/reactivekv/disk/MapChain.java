package dev.reactivekv.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import dev.reactivekv.error.EntryTooLargeException;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * The store's Chronicle Map files, {@code kv-00.cm}, {@code kv-01.cm}, … : a chain of generations
 * in which each file is sized eight times larger than the one before. Chronicle sizes a map when it
 * creates it; when the newest file fills up, the next generation is created and takes every later
 * write, so the fixed sizing never becomes a limit. Reads look from the newest file to the oldest;
 * a write goes to the newest and removes the key from older ones; a remove clears every generation.
 * A generation created by another process is picked up on the next operation.
 *
 * <p>All methods block (memory-mapped I/O and Chronicle's segment locks): call them on the store's
 * bounded scheduler, or while opening.
 */
final class MapChain implements AutoCloseable {

    static final double MAX_BLOAT = 8;
    private static final int GROWTH = 8;

    private final Path directory;
    private final long initialEntries;
    private final List<ChronicleMap<String, byte[]>> generations = new CopyOnWriteArrayList<>();

    /** Opens every existing generation (recovering each when {@code recover}) or creates the first. */
    MapChain(Path directory, long initialEntries, boolean recover) throws IOException {
        this.directory = directory;
        this.initialEntries = initialEntries;
        int g = 0;
        do {
            generations.add(open(g, recover));
            g++;
        } while (Files.exists(file(g)));
    }

    Path file(int generation) {
        return directory.resolve(String.format("kv-%02d.cm", generation));
    }

    private ChronicleMap<String, byte[]> open(int generation, boolean recover) throws IOException {
        Path f = file(generation);
        double factor = Math.pow(GROWTH, generation);
        long entries = (long) Math.min(initialEntries * factor, 1L << 40);
        ChronicleMapBuilder<String, byte[]> b = ChronicleMapBuilder.of(String.class, byte[].class)
                .name("reactive-kv-" + generation)
                .entries(entries)
                .averageKeySize(48)
                .averageValueSize(512)
                .maxBloatFactor(MAX_BLOAT);
        if (recover && Files.exists(f)) {
            // only when no other process has the store open (DiskFiles checks): recovery resets locks
            RecoveryLog repairs = new RecoveryLog(f);
            ChronicleMap<String, byte[]> recovered = b.recoverPersistedTo(f.toFile(), false, repairs);
            repairs.summarise();
            return recovered;
        }
        ChronicleMap<String, byte[]> created = b.createPersistedTo(f.toFile());
        PrivateFiles.restrict(f);
        return created;
    }

    /** Opens generations another process created since we last looked. */
    private void refresh() {
        if (Files.exists(file(generations.size()))) {
            synchronized (this) {
                while (Files.exists(file(generations.size()))) {
                    try {
                        generations.add(open(generations.size(), false));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }

    byte[] get(String key) {
        refresh();
        for (int i = generations.size() - 1; i >= 0; i--) {
            byte[] v = generations.get(i).get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Writes to the newest generation, growing the chain when it is full; returns the previous record, if any. */
    byte[] put(String key, byte[] value) {
        refresh();
        int newest = generations.size() - 1;
        byte[] previous;
        try {
            previous = generations.get(newest).put(key, value);
        } catch (IllegalStateException | IllegalArgumentException full) {
            if (!generations.get(newest).isOpen()) {
                throw full;
            }
            grow(newest);
            newest = generations.size() - 1;
            try {
                previous = generations.get(newest).put(key, value);
            } catch (IllegalArgumentException tooLarge) {
                throw new EntryTooLargeException("Entry of " + value.length + " bytes does not fit a map file: "
                        + tooLarge.getMessage(), tooLarge);
            }
        }
        for (int i = newest - 1; i >= 0; i--) {
            byte[] old = generations.get(i).remove(key);
            if (previous == null) {
                previous = old;
            }
        }
        return previous;
    }

    /** Removes the key from every generation; returns the newest record it had, if any. */
    byte[] remove(String key) {
        refresh();
        byte[] previous = null;
        for (int i = generations.size() - 1; i >= 0; i--) {
            byte[] old = generations.get(i).remove(key);
            if (previous == null) {
                previous = old;
            }
        }
        return previous;
    }

    /** Every record, oldest generation first (so a later one overrides a stale copy left by a crash). */
    void forEach(BiConsumer<String, byte[]> action) {
        refresh();
        for (ChronicleMap<String, byte[]> m : generations) {
            m.forEach(action);
        }
    }

    /** Keys starting with the prefix, across generations (a full pass over the files). */
    void forEachKey(String prefix, java.util.function.Consumer<String> action) {
        refresh();
        for (ChronicleMap<String, byte[]> m : generations) {
            for (String k : m.keySet()) {
                if (k.startsWith(prefix)) {
                    action.accept(k);
                }
            }
        }
    }

    int generationCount() {
        return generations.size();
    }

    private synchronized void grow(int full) {
        if (generations.size() - 1 > full) {
            return; // another thread already grew the chain
        }
        try {
            generations.add(open(full + 1, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (ChronicleMap<String, byte[]> m : generations) {
            m.close();
        }
    }
}
