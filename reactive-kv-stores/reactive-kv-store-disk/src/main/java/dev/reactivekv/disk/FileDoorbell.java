package dev.reactivekv.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Doorbell} where Unix domain sockets are not available ({@link SocketDoorbell}): writes to
 * the memory-mapped journal are invisible to file notifications, so after each append the writer rewrites
 * one byte of {@code journal/doorbell} with a plain {@code write}; every process watches the directory with
 * the JDK's {@link WatchService}, which is event-driven (inotify) on Linux and Windows. It costs two
 * wake-ups per ring in every process, the ringing one included: the JDK's watcher thread, then the tailer.
 *
 * <p>Where the JDK only polls the file system (macOS: every few seconds), ringing is still done but
 * nobody listens: {@link #isEventDriven()} is false and the tailer keeps its short polling back-off.
 * The doorbell only shortens waits; correctness never depends on it (a missed ring costs at most the
 * tailer's longest wait).
 */
final class FileDoorbell implements Doorbell {

    static final String FILE = "doorbell";

    private static final Logger LOG = LoggerFactory.getLogger(FileDoorbell.class);
    private static final ByteBuffer ONE = ByteBuffer.allocateDirect(1).put((byte) 1).flip();

    private final FileChannel bell;
    private final @Nullable WatchService watcher;

    FileDoorbell(Path journalDirectory) throws IOException {
        Path file = journalDirectory.resolve(FILE);
        this.bell = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        PrivateFiles.restrict(file);
        this.watcher = watch(journalDirectory);
    }

    private static @Nullable WatchService watch(Path dir) {
        WatchService w = null;
        try {
            w = dir.getFileSystem().newWatchService();
            // the JDK's fallback polls the directory every few seconds: useless here, and a thread per store
            if (w.getClass().getName().contains("Polling")) {
                w.close();
                return null;
            }
            dir.register(w, StandardWatchEventKinds.ENTRY_MODIFY);
            return w;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("No file notifications for {}; the journal tailer polls: {}", dir, e.toString());
            if (w != null) {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // nothing to release beyond what close tried
                }
            }
            return null;
        }
    }

    /** Whether a ring wakes {@link #await} in other processes (false: await just sleeps). */
    @Override
    public boolean isEventDriven() {
        return watcher != null;
    }

    /** Wakes the waiting tailers; called after an append. An I/O error only costs latency, so it is logged. */
    @Override
    public void ring() {
        try {
            bell.write(ONE.duplicate(), 0);
        } catch (IOException e) {
            LOG.debug("Could not ring the journal doorbell: {}", e.toString());
        }
    }

    /**
     * Clears the rings received so far. The tailer calls this before it reads the journal, so a ring
     * that comes after the read is still pending when it {@link #await}s.
     */
    @Override
    public void clear() {
        WatchService w = watcher;
        if (w == null) {
            return;
        }
        try {
            for (WatchKey key = w.poll(); key != null; key = w.poll()) {
                key.pollEvents();
                key.reset();
            }
        } catch (ClosedWatchServiceException closed) {
            // closing: the tailer's loop ends
        }
    }

    /** Returns when rung (or already rung since {@link #clear}), after at most {@code nanos}, or on interrupt. */
    @Override
    public void await(long nanos) throws InterruptedException {
        WatchService w = watcher;
        if (w == null) {
            LockSupport.parkNanos(nanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return;
        }
        try {
            WatchKey key = w.poll(nanos, TimeUnit.NANOSECONDS);
            if (key != null) {
                // a key taken off the queue must be reset, or it is never queued (so never wakes) again
                key.pollEvents();
                key.reset();
            }
        } catch (ClosedWatchServiceException closed) {
            throw new InterruptedException("the doorbell is closed");
        }
    }

    @Override
    public void close() {
        try {
            bell.close();
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            LOG.debug("Closing the journal doorbell: {}", e.toString());
        }
    }
}
