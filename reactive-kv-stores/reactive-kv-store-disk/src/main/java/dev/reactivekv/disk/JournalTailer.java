package dev.reactivekv.disk;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that tails a directory's {@link ChangeJournal} for one JVM. It is a plain daemon thread,
 * never a Reactor one, because tailing a memory-mapped queue is a blocking poll, and it hands events
 * to the watch hubs itself (no further thread hop).
 *
 * <p>When the journal has nothing new the thread waits for the journal's {@link Doorbell}, which any
 * process rings after appending: the wait ends as soon as another process writes, and an idle store
 * costs about ten wake-ups a second ({@link #EVENT_DRIVEN_WAIT} is only a safety net). With the
 * {@link SocketDoorbell} this thread is the one the ring wakes (the delay is one wake-up); with the
 * {@link FileDoorbell} the JDK's watcher thread wakes first, then this one. Without any doorbell that
 * wakes (macOS where the sockets cannot serve) the thread polls, backing off from
 * {@link #MIN_POLL_WAIT} to {@link #MAX_POLL_WAIT} (about 1,000 wake-ups a second when idle, a
 * millisecond of delay). The back-off is ours rather than Chronicle's
 * {@code Pauser.balancedUpToMillis}, which silently becomes a 20 ms back-off on machines with fewer
 * than four cores and spins 10 ms after every record on the others.
 */
final class JournalTailer implements AutoCloseable {

    static final long EVENT_DRIVEN_WAIT = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MIN_POLL_WAIT = TimeUnit.MICROSECONDS.toNanos(50);
    static final long MAX_POLL_WAIT = TimeUnit.MILLISECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(JournalTailer.class);

    private final Thread thread;
    private volatile boolean running = true;

    JournalTailer(ChangeJournal journal, ChangeJournal.Listener listener, Path directory) {
        this.thread = new Thread(() -> run(journal, listener, directory), "reactive-kv-disk-journal");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ChangeJournal journal, ChangeJournal.Listener listener, Path directory) {
        boolean eventDriven = journal.wakesOnChange();
        long wait = MIN_POLL_WAIT;
        while (running) {
            try {
                // before the read: a ring for a record appended after it stays pending for the wait below
                journal.clearWakeUps();
                if (journal.poll(listener)) {
                    wait = MIN_POLL_WAIT;
                } else if (eventDriven) {
                    journal.awaitChange(EVENT_DRIVEN_WAIT);
                } else {
                    journal.awaitChange(wait);
                    wait = Math.min(MAX_POLL_WAIT, wait + wait / 4);
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Tailing the change journal of {} failed; watchers get RESYNC: {}", directory, e.toString());
                listener.gap();
                try {
                    journal.awaitChange(MAX_POLL_WAIT);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Stops tailing and waits (bounded) for the thread, so the journal can be closed under it. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
