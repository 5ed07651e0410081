package dev.reactivekv.rocksdb;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.tck.process.KillDuringWrites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process SIGKILLed at random points loses no write it acknowledged, and the database opens cleanly after each
 * kill. 5 kills here; {@code scripts/reliability crash} runs 100 ({@code -Drkv.crash.kills=100}).
 */
class RocksDbCrashTest {

    @TempDir
    Path root;

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES) // each child is bounded on its own; the full count runs long
    void aWriterKilledAtRandomPointsLosesNoAcknowledgedWrite() {
        KillDuringWrites.assertNoAcknowledgedWriteLost("rocksdb:" + root.resolve("db"));
    }
}
