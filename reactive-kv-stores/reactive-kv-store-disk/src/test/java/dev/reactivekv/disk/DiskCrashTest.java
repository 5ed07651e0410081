package dev.reactivekv.disk;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.tck.process.KillDuringWrites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process SIGKILLed at random points loses no write it acknowledged, and the store opens cleanly after each
 * kill. 5 kills here; {@code scripts/reliability crash} runs 100 ({@code -Drkv.crash.kills=100}).
 */
class DiskCrashTest {

    @TempDir
    Path root;

    @Test
    // each child is bounded on its own (5 minutes); the full count (scripts/reliability crash) runs long, and the
    // fork timeout bounds the whole test (30 minutes in the suite, more in that script)
    @Timeout(value = 4, unit = TimeUnit.HOURS)
    void aWriterKilledAtRandomPointsLosesNoAcknowledgedWrite() {
        KillDuringWrites.assertNoAcknowledgedWriteLost("disk:" + root.resolve("store"));
    }
}
