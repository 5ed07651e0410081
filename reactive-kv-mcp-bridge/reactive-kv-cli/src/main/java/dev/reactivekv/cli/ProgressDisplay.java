package dev.reactivekv.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

import dev.reactivekv.transfer.TransferProgress;
import org.jspecify.annotations.Nullable;

/**
 * Shows a transfer's progress on stderr: a bar redrawn in place (entries, rate, ETA) when stderr is a terminal,
 * otherwise a plain line every few seconds (logs and CI keep them readable); then one summary line either way.
 * Not thread-safe: fed from one stream in order.
 */
final class ProgressDisplay {

    /** How each kind of output is shown: {@code auto} picks {@code bar} on a terminal, {@code lines} otherwise. */
    enum Mode { AUTO, BAR, LINES, NONE }

    private static final long BAR_EVERY_NANOS = Duration.ofMillis(200).toNanos();
    private static final long LINE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final String verb;
    private final Mode mode;
    private final @Nullable Long total;
    private long lastShown = System.nanoTime();
    private boolean barDrawn;

    /**
     * @param verb  what is done to entries, for the summary ("copied", "exported", "imported")
     * @param total how many entries to expect, when known (for the percentage and ETA)
     */
    ProgressDisplay(PrintWriter err, String verb, Mode mode, @Nullable Long total) {
        this.err = err;
        this.verb = verb;
        this.mode = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.LINES) : mode;
        this.total = total;
    }

    void update(TransferProgress p) {
        long now = System.nanoTime();
        if (mode == Mode.NONE || now - lastShown < (mode == Mode.BAR ? BAR_EVERY_NANOS : LINE_EVERY_NANOS)) {
            return;
        }
        lastShown = now;
        if (mode == Mode.BAR) {
            err.print("\r" + bar(p) + "\033[K");
            barDrawn = true;
        } else {
            err.println(verb + " " + counted(p) + ", " + rate(p) + eta(p));
        }
        err.flush();
    }

    /** The summary line, after the bar if one was drawn. */
    void finish(TransferProgress p) {
        if (barDrawn) {
            err.print("\r\033[K");
        }
        err.printf(Locale.ROOT, "%s %d entries: %d written, %d skipped (already there), %d expired in flight; %.1f s, %s%n",
                verb, p.done(), p.written(), p.skipped(), p.expired(), p.elapsed().toMillis() / 1000.0, rate(p));
        err.flush();
    }

    /** What was done before a failure, so the user knows a re-run skips it. */
    void failed(TransferProgress p) {
        if (barDrawn) {
            err.print("\r\033[K");
        }
        err.printf(Locale.ROOT, "stopped after %d entries written (%d skipped); running the same command again skips "
                + "what is already there%n", p.written(), p.skipped());
        err.flush();
    }

    private String bar(TransferProgress p) {
        if (total == null || total == 0) {
            return String.format(Locale.ROOT, "%s %,d entries  %s", verb, p.done(), rate(p));
        }
        double fraction = Math.min(1, (double) p.done() / total);
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%% %,d/%,d  %s%s", "#".repeat(filled), ".".repeat(BAR_WIDTH - filled),
                Math.round(fraction * 100), p.done(), total, rate(p), eta(p));
    }

    private String counted(TransferProgress p) {
        return total == null ? String.format(Locale.ROOT, "%d entries", p.done())
                : String.format(Locale.ROOT, "%d/%d entries (%d%%)", p.done(), total,
                        total == 0 ? 100 : Math.round(100.0 * p.done() / total));
    }

    private static String rate(TransferProgress p) {
        return String.format(Locale.ROOT, "%,.0f entries/s", p.ratePerSecond());
    }

    private String eta(TransferProgress p) {
        double rate = p.ratePerSecond();
        if (total == null || rate <= 0) {
            return "";
        }
        long seconds = Math.max(0, Math.round((total - p.done()) / rate));
        return String.format(Locale.ROOT, ", ETA %d:%02d", seconds / 60, seconds % 60);
    }
}
