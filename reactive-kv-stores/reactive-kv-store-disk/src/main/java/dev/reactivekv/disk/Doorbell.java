package dev.reactivekv.disk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Wakes the journal tailers of the other processes on a directory when a record is appended, so an idle
 * tailer can wait long instead of polling. Writes into the memory-mapped journal wake nobody by
 * themselves; the appender {@linkplain #ring rings} after each append (after it, so a woken tailer finds
 * the record). The doorbell only shortens waits: correctness never depends on it (a missed ring costs at
 * most the tailer's longest wait, never an event).
 *
 * <p>Used by two threads: appenders ring (one at a time, under the journal's append lock); the tailing
 * thread {@linkplain #clear clears} and {@linkplain #await awaits}.
 */
interface Doorbell extends AutoCloseable {

    /**
     * The best doorbell the platform offers for the journal directory: {@link SocketDoorbell} (the waiting
     * thread itself is woken, and a process never wakes itself), else {@link FileDoorbell}.
     */
    static Doorbell open(Path journalDirectory) throws IOException {
        Doorbell sockets = SocketDoorbell.open(journalDirectory);
        return sockets != null ? sockets : new FileDoorbell(journalDirectory);
    }

    /** Wakes the other processes' waiting tailers; called after an append. Never throws: a lost ring costs latency only. */
    void ring();

    /** Whether a ring wakes {@link #await} in other processes (false: await just sleeps its time out). */
    boolean isEventDriven();

    /**
     * Forgets the rings received so far. The tailer calls this before it reads the journal, so a ring that
     * comes after the read is still pending when it {@link #await}s.
     */
    void clear();

    /** Returns when rung (or already rung since {@link #clear}), after at most {@code nanos}, or on interrupt. */
    void await(long nanos) throws InterruptedException;

    @Override
    void close();
}
