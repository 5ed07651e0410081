package dev.reactivekv.disk;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.reactivekv.KeyEvent;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Two journals on one directory stand for two processes (each has its own origin). */
class ChangeJournalTest {

    @TempDir
    Path dir;

    private static final class Recorder implements ChangeJournal.Listener {
        final List<String> seen = new ArrayList<>();
        int gaps;

        @Override
        public void changed(KeyEvent event, @Nullable Instant expiresAt) {
            seen.add(event.type() + " " + event.collection() + "/" + event.key() + (expiresAt == null ? "" : " @" + expiresAt));
        }

        @Override
        public void gap() {
            gaps++;
        }
    }

    @Test
    void aProcessSeesTheOthersChangesInOrderAndNotItsOwn() throws Exception {
        Instant expiry = Instant.parse("2030-01-02T03:04:05.123456Z");
        try (ChangeJournal a = new ChangeJournal(dir); ChangeJournal b = new ChangeJournal(dir)) {
            a.append(KeyEvent.put("c", "k1"), expiry);
            b.append(KeyEvent.put("c", "mine"), null);
            a.append(KeyEvent.delete("c", "k1"), null);
            a.append(KeyEvent.expire("c", "k2"), null);
            Recorder atB = new Recorder();
            while (b.poll(atB)) {
                // drain
            }
            assertThat(atB.seen).containsExactly("PUT c/k1 @" + expiry, "DELETE c/k1", "EXPIRE c/k2");
            Recorder atA = new Recorder();
            while (a.poll(atA)) {
                // drain
            }
            assertThat(atA.seen).containsExactly("PUT c/mine");
        }
    }

    @Test
    void aJournalOpenedLaterStartsAtTheEnd() throws Exception {
        try (ChangeJournal a = new ChangeJournal(dir)) {
            a.append(KeyEvent.put("c", "before"), null);
            try (ChangeJournal b = new ChangeJournal(dir)) {
                a.append(KeyEvent.put("c", "after"), null);
                Recorder r = new Recorder();
                while (b.poll(r)) {
                    // drain
                }
                assertThat(r.seen).containsExactly("PUT c/after");
            }
        }
    }

    @Test
    void filesRollAreTrimmedAndATailerBehindTheWindowIsToldOfTheGap() throws Exception {
        SetTimeProvider time = new SetTimeProvider(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() * 1_000_000L);
        try (ChangeJournal writer = new ChangeJournal(dir, time); ChangeJournal reader = new ChangeJournal(dir, time)) {
            writer.append(KeyEvent.put("c", "first"), null);
            Recorder r = new Recorder();
            while (reader.poll(r)) {
                // drain
            }
            assertThat(r.seen).containsExactly("PUT c/first");
            for (int i = 0; i < ChangeJournal.RETAINED_CYCLES + 3; i++) {
                time.advanceMillis(TimeUnit.MINUTES.toMillis(5));
                writer.append(KeyEvent.put("c", "k" + i), null);
            }
            try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".cq4")).count())
                        .isLessThanOrEqualTo(ChangeJournal.RETAINED_CYCLES);
            }
            reader.poll(r);
            assertThat(r.gaps).as("gaps reported to a tailer whose files were trimmed").isEqualTo(1);
        }
    }

    @Test
    void anAppendWakesAWaitingTailerOfAnotherJournalAtOnce() throws Exception {
        try (ChangeJournal writer = new ChangeJournal(dir); ChangeJournal reader = new ChangeJournal(dir)) {
            wakesAtOnce(writer, reader);
        }
    }

    @Test
    void anAppendWakesAWaitingTailerOfAnOlderJournalAtOnce() throws Exception {
        try (ChangeJournal reader = new ChangeJournal(dir); ChangeJournal writer = new ChangeJournal(dir)) {
            wakesAtOnce(writer, reader);
        }
    }

    /** The socket doorbell's directory, made ahead of the journal (tested on Linux only). */
    private Path socketDoorbellDirectory() throws IOException {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "socket doorbell tested on Linux");
        return Files.createDirectories(dir.resolve("journal").resolve(SocketDoorbell.DIRECTORY));
    }

    @Test
    void aSocketLeftByAKilledProcessIsDeletedAndDoesNotStopTheRings() throws Exception {
        Path bells = socketDoorbellDirectory();
        Path stale = bells.resolve("dead.sock");
        // bound then closed without deleting its file: what a SIGKILLed process leaves
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();
        try (ChangeJournal writer = new ChangeJournal(dir); ChangeJournal reader = new ChangeJournal(dir)) {
            assertThat(stale).as("refused, so deleted").doesNotExist();
            wakesAtOnce(writer, reader);
        }
    }

    @Test
    void aBindingAbandonedByAKilledProcessIsDeletedOnceOldAndAFreshOneIsKept() throws Exception {
        Path bells = socketDoorbellDirectory();
        // a process killed between bind and rename leaves its socket under the temporary name
        Path abandoned = bells.resolve("killed.new");
        Path opening = bells.resolve("opening.new");
        Files.createFile(abandoned);
        Files.createFile(opening);
        Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(SocketDoorbell.ABANDONED).minusSeconds(1)));
        try (ChangeJournal journal = new ChangeJournal(dir)) {
            assertThat(abandoned).as("older than the cutoff: deleted").doesNotExist();
            assertThat(opening).as("may be a process opening right now: kept").exists();
        }
    }

    @Test
    void aDirectoryTooDeepForASocketPathFallsBackToTheFileDoorbell() throws Exception {
        Path deep = dir.resolve("d".repeat(120)); // a socket path holds about 100 bytes
        try (ChangeJournal writer = new ChangeJournal(deep); ChangeJournal reader = new ChangeJournal(deep)) {
            assertThat(deep.resolve("journal").resolve(SocketDoorbell.DIRECTORY)).isEmptyDirectory();
            wakesAtOnce(writer, reader);
        }
    }

    @Test
    void theFileDoorbellWakesAnotherProcessesWaiterToo() throws Exception {
        // the fallback where sockets cannot serve (Windows, over-long paths)
        Path journal = dir.resolve("journal");
        Files.createDirectories(journal);
        try (FileDoorbell ringer = new FileDoorbell(journal); FileDoorbell waiter = new FileDoorbell(journal)) {
            if (System.getProperty("os.name").startsWith("Linux")) {
                assertThat(waiter.isEventDriven()).as("inotify on Linux").isTrue();
            }
            Assumptions.assumeTrue(waiter.isEventDriven(), "no file notifications here");
            long wait = TimeUnit.SECONDS.toNanos(30);
            waiter.clear();
            ringer.ring();
            long t = System.nanoTime();
            waiter.await(wait);
            assertThat(System.nanoTime() - t).as("woken by the pending ring").isLessThan(wait / 2);
        }
    }

    private static void wakesAtOnce(ChangeJournal writer, ChangeJournal reader) throws Exception {
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(reader.wakesOnChange()).as("socket or inotify doorbell on Linux").isTrue();
        }
        Assumptions.assumeTrue(reader.wakesOnChange(), "no doorbell here: the tailer polls");
        long wait = TimeUnit.SECONDS.toNanos(30);
        // a ring between the tailer's clear and its wait must not be lost
        reader.clearWakeUps();
        writer.append(KeyEvent.put("c", "k1"), null);
        long t = System.nanoTime();
        reader.awaitChange(wait);
        assertThat(System.nanoTime() - t).as("woken by the pending ring").isLessThan(wait / 2);
        Recorder r = new Recorder();
        reader.clearWakeUps();
        while (reader.poll(r)) {
            // drain
        }
        assertThat(r.seen).containsExactly("PUT c/k1");
        // and a ring while it waits
        Thread ringer = new Thread(() -> writer.append(KeyEvent.put("c", "k2"), null));
        t = System.nanoTime();
        ringer.start();
        reader.awaitChange(wait);
        assertThat(System.nanoTime() - t).as("woken by a ring during the wait").isLessThan(wait / 2);
        ringer.join(TimeUnit.SECONDS.toMillis(10));
        while (reader.poll(r)) {
            // drain
        }
        assertThat(r.seen).containsExactly("PUT c/k1", "PUT c/k2");
    }

    @Test
    void journalFilesAndDirectoryAreOwnerOnly() throws Exception {
        try (ChangeJournal a = new ChangeJournal(dir)) {
            a.append(KeyEvent.put("c", "k"), null);
            Path journal = dir.resolve("journal");
            try (Stream<Path> files = Files.walk(journal)) {
                for (Path f : files.toList()) {
                    // directories (the journal, its doorbell sockets' directory) 0700; files and sockets 0600
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                            .isEqualTo(Files.isDirectory(f) ? "rwx------" : "rw-------");
                }
            }
        }
    }
}
