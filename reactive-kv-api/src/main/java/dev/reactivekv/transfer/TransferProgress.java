package dev.reactivekv.transfer;

import java.time.Duration;

/**
 * Running totals of a transfer, cumulative from its start.
 *
 * @param read     entries read from the source
 * @param written  entries written to the target
 * @param skipped  entries the target already held (left as they were)
 * @param expired  entries that expired between reading and writing (not written)
 * @param elapsed  time since the transfer started
 */
public record TransferProgress(long read, long written, long skipped, long expired, Duration elapsed) {

    /** Entries dealt with: written, skipped or expired. */
    public long done() {
        return written + skipped + expired;
    }

    /** Entries dealt with per second so far (0 before the first millisecond). */
    public double ratePerSecond() {
        long millis = elapsed.toMillis();
        return millis == 0 ? 0 : done() * 1000.0 / millis;
    }
}
