package dev.reactivekv.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Chronicle's repairs on reopening a damaged map file are one warning of ours, not a stream of ERRORs. */
class RecoveryLogTest {

    private static final String MARKER = "value-that-gets-damaged-on-disk";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
    }

    @Test
    void aRecoveryThatRepairsLogsOneWarningAndNoError() throws Exception {
        try (MapChain chain = new MapChain(dir, 1_000, false)) {
            chain.put("intact", "still-readable".getBytes(StandardCharsets.UTF_8));
            chain.put("damaged", MARKER.getBytes(StandardCharsets.UTF_8));
        }
        damage(dir.resolve("kv-00.cm"));
        captured.list.clear();

        try (MapChain chain = new MapChain(dir, 1_000, true)) {
            assertThat(chain.get("intact")).asString(StandardCharsets.UTF_8).isEqualTo("still-readable");
        }

        List<ILoggingEvent> warnings = captured.list.stream()
                .filter(e -> e.getLoggerName().equals(RecoveryLog.class.getName()) && e.getLevel() == Level.WARN).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("kv-00.cm").contains("repair");
        assertThat(captured.list).noneMatch(e -> e.getLevel() == Level.ERROR);
    }

    /** Chronicle itself still warns at every recovery that recovery is no standard way to open (docs/disk.md). */
    @Test
    void aCleanRecoveryLogsNoRepairAndNoError() throws Exception {
        try (MapChain chain = new MapChain(dir, 1_000, false)) {
            chain.put("k", "v".getBytes(StandardCharsets.UTF_8));
        }
        captured.list.clear();
        try (MapChain chain = new MapChain(dir, 1_000, true)) {
            assertThat(chain.get("k")).asString(StandardCharsets.UTF_8).isEqualTo("v");
        }
        assertThat(captured.list).noneMatch(e -> e.getLevel() == Level.ERROR
                || e.getLevel() == Level.WARN && e.getLoggerName().startsWith("dev.reactivekv."));
    }

    /** Flips one byte of the marker value in the file: the entry's checksum no longer matches. */
    private static void damage(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, marker);
        assertThat(at).as("the value's bytes in %s", file).isNotNegative();
        bytes[at + 3] ^= 0x20;
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
