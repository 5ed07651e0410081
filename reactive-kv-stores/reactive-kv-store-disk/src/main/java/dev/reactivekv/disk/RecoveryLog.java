package dev.reactivekv.disk;

import java.nio.file.Path;

import net.openhft.chronicle.hash.ChronicleHashCorruption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Chronicle's recovery of one map file repaired, logged as one warning. Chronicle's own listener logs
 * every repair at ERROR; after an unclean shutdown (a killed process, a crash) repairs are expected and
 * already done when the file opens, so they are a warning with the details at DEBUG, not an error.
 */
final class RecoveryLog implements ChronicleHashCorruption.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryLog.class);

    private final Path file;
    private int repairs;
    private String first = "";

    RecoveryLog(Path file) {
        this.file = file;
    }

    @Override
    public void onCorruption(ChronicleHashCorruption corruption) {
        if (repairs++ == 0) {
            first = corruption.message();
        }
        LOG.debug("Recovery of {} repaired segment {}: {}", file, corruption.segmentIndex(), corruption.message(),
                corruption.exception());
    }

    /** Logs the repairs of the recovery that just finished, if there were any. */
    void summarise() {
        if (repairs > 0) {
            LOG.warn("Recovery of {} made {} repair(s) (was the store closed uncleanly?); the first: {}; DEBUG on {} shows each",
                    file, repairs, first, RecoveryLog.class.getName());
        }
    }
}
