package dev.reactivekv.disk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.reactivekv.KeyEvent;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store directory's change journal, a Chronicle Queue under {@code journal/}: every acknowledged
 * write, delete and expiry of any process appends (origin, type, collection, key, expiry). Each
 * process tails it from the end it found at open and hands other processes' changes to
 * {@link Listener}, which feeds the key index and the watch hubs.
 *
 * <p>Files roll every {@link #ROLL_CYCLE} and those older than {@link #RETAINED_CYCLES} cycles are
 * deleted by the appending process. A tailer that finds its position deleted under it (the process
 * was stopped for longer than the retained window) cannot know what it missed: it jumps to the end
 * and calls {@link Listener#gap()}, which rebuilds the index from the map and sends RESYNC.
 *
 * <p>Appends block briefly (memory-mapped I/O) and are serialised; they run on the store's blocking
 * scheduler under the key's lock, so the journal's order per key is the map's. Like the map, the
 * journal survives a process kill; a torn last record is skipped by Chronicle's recovery.
 */
final class ChangeJournal implements AutoCloseable {

    static final RollCycle ROLL_CYCLE = RollCycles.FIVE_MINUTELY;
    /** One hour of five-minute files. */
    static final int RETAINED_CYCLES = 12;

    private static final Logger LOG = LoggerFactory.getLogger(ChangeJournal.class);
    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final byte EXPIRE = 3;
    private static final long NO_EXPIRY = Long.MIN_VALUE;

    /** What a tailing process does with changes made by the others. */
    interface Listener {
        void changed(KeyEvent event, @Nullable Instant expiresAt);

        /** Changes were missed; the index must be rebuilt from the map. */
        void gap();
    }

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final long origin = ThreadLocalRandom.current().nextLong();
    private final ExcerptAppender appender;
    private final ExcerptTailer tailer;
    private final Doorbell doorbell;
    private int appendedCycle = Integer.MIN_VALUE;
    /** The cycle of the last record this tailer read, or MIN_VALUE before the first. */
    private int tailedCycle = Integer.MIN_VALUE;

    ChangeJournal(Path storeDirectory) throws IOException {
        this(storeDirectory, SystemTimeProvider.INSTANCE);
    }

    /** With the clock that decides when files roll (tests move it to roll and trim without waiting). */
    ChangeJournal(Path storeDirectory, TimeProvider time) throws IOException {
        this.directory = storeDirectory.resolve("journal");
        PrivateFiles.createDirectory(directory);
        this.queue = SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(ROLL_CYCLE)
                .timeProvider(time)
                .build();
        PrivateFiles.restrictFiles(directory);
        this.appender = queue.createAppender();
        this.tailer = queue.createTailer().toEnd();
        try {
            this.doorbell = Doorbell.open(directory);
        } catch (IOException | RuntimeException e) {
            queue.close();
            throw e;
        }
        // used by many threads, one at a time (each under its own lock)
        appender.singleThreadedCheckDisabled(true);
        tailer.singleThreadedCheckDisabled(true);
    }

    /**
     * Appends one change and rings the {@link Doorbell} (after the append, so a tailer woken by it finds
     * the record: Chronicle has published the record's header to tailers when {@code writeBytes} returns).
     * Blocks briefly; serialised because Chronicle appenders are single-threaded.
     */
    void append(KeyEvent event, @Nullable Instant expiresAt) {
        synchronized (appender) {
            appendLocked(event, expiresAt);
            doorbell.ring();
        }
    }

    /** Whether {@link #awaitChange} wakes as soon as any process appends (else it sleeps its time out). */
    boolean wakesOnChange() {
        return doorbell.isEventDriven();
    }

    /** Forgets earlier wake-ups; the tailing thread calls it before each {@link #poll}. */
    void clearWakeUps() {
        doorbell.clear();
    }

    /** Waits up to {@code nanos} for an append by any process since the last {@link #clearWakeUps}. */
    void awaitChange(long nanos) throws InterruptedException {
        doorbell.await(nanos);
    }

    private void appendLocked(KeyEvent event, @Nullable Instant expiresAt) {
        byte type = switch (event.type()) {
            case PUT -> PUT;
            case DELETE -> DELETE;
            case EXPIRE -> EXPIRE;
            case RESYNC -> throw new IllegalArgumentException("RESYNC is not journaled");
        };
        long expiry = expiresAt == null ? NO_EXPIRY : expiresAt.getEpochSecond() * 1_000_000 + expiresAt.getNano() / 1_000;
        appender.writeBytes(b -> b.writeLong(origin).writeByte(type).writeLong(expiry)
                .writeUtf8(event.collection()).writeUtf8(event.key()));
        int cycle = appender.cycle();
        if (cycle != appendedCycle) {
            appendedCycle = cycle;
            // a new cycle file (0600 at once would need a umask; the 0700 directory covers the moment between)
            try {
                PrivateFiles.restrictFiles(directory);
            } catch (IOException e) {
                LOG.warn("Could not restrict the journal files in {}: {}", directory, e.toString());
            }
            trim(cycle);
        }
    }

    /**
     * Hands every change of other processes appended since the last call to the listener; true if there
     * was any record. Called by one thread only (the tailing thread, or a test).
     */
    boolean poll(Listener listener) {
        // its own lock, never the appender's: the listener takes key locks that writers hold while appending
        synchronized (tailer) {
            return pollTailer(listener);
        }
    }

    private boolean pollTailer(Listener listener) {
        if (tailedCycle != Integer.MIN_VALUE && tailedCycle < queue.firstCycle()) {
            // what this tailer had not read yet may have been trimmed: say so rather than guess
            tailer.toEnd();
            tailedCycle = Integer.MIN_VALUE;
            listener.gap();
            return true;
        }
        boolean any = false;
        for (int i = 0; i < 1_000; i++) {
            Record r = new Record();
            if (!tailer.readBytes(b -> {
                r.origin = b.readLong();
                r.type = b.readByte();
                r.expiry = b.readLong();
                r.collection = b.readUtf8();
                r.key = b.readUtf8();
            })) {
                break;
            }
            any = true;
            tailedCycle = tailer.cycle();
            if (r.origin != origin && r.collection != null && r.key != null) {
                listener.changed(new KeyEvent(r.eventType(), r.collection, r.key), r.expiresAt());
            }
        }
        return any;
    }

    /** Deletes cycle files beyond the retained window (files are named so that names sort by time). */
    private void trim(int currentCycle) {
        if (currentCycle - queue.firstCycle() <= RETAINED_CYCLES) {
            return;
        }
        List<Path> cycles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.cq4")) {
            files.forEach(cycles::add);
        } catch (IOException e) {
            LOG.warn("Could not list the journal {}: {}", directory, e.toString());
            return;
        }
        cycles.sort(null);
        for (int i = 0; i < cycles.size() - RETAINED_CYCLES; i++) {
            try {
                Files.deleteIfExists(cycles.get(i));
            } catch (IOException e) {
                LOG.warn("Could not trim the journal file {}: {}", cycles.get(i), e.toString());
            }
        }
        queue.refreshDirectoryListing();
    }

    @Override
    public void close() {
        synchronized (tailer) {
            tailer.close();
        }
        synchronized (appender) {
            appender.close();
            queue.close();
            doorbell.close();
        }
    }

    private static final class Record {
        long origin;
        byte type;
        long expiry;
        @Nullable String collection;
        @Nullable String key;

        KeyEvent.Type eventType() {
            return switch (type) {
                case PUT -> KeyEvent.Type.PUT;
                case DELETE -> KeyEvent.Type.DELETE;
                default -> KeyEvent.Type.EXPIRE;
            };
        }

        @Nullable Instant expiresAt() {
            return expiry == NO_EXPIRY ? null : Instant.ofEpochSecond(Math.floorDiv(expiry, 1_000_000),
                    Math.floorMod(expiry, 1_000_000) * 1_000L);
        }
    }
}
