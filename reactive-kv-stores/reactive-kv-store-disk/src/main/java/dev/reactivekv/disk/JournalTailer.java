package dev.reactivekv.disk;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.threads.Pauser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that tails a directory's {@link ChangeJournal} for one JVM. It is a plain daemon thread,
 * never a Reactor one, because tailing a memory-mapped queue is a blocking poll. When the journal is
 * idle it backs off from spinning to short sleeps ({@link Pauser#balancedUpToMillis}), which bounds
 * the delay of a change made by another process to about a millisecond at low CPU cost.
 */
final class JournalTailer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalTailer.class);

    private final Thread thread;
    private volatile boolean running = true;

    JournalTailer(ChangeJournal journal, ChangeJournal.Listener listener, Path directory) {
        this.thread = new Thread(() -> run(journal, listener, directory), "reactive-kv-disk-journal");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ChangeJournal journal, ChangeJournal.Listener listener, Path directory) {
        Pauser pauser = Pauser.balancedUpToMillis(1);
        while (running) {
            try {
                if (journal.poll(listener)) {
                    pauser.reset();
                } else {
                    pauser.pause();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Tailing the change journal of {} failed; watchers get RESYNC: {}", directory, e.toString());
                listener.gap();
                pauser.pause();
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
