package dev.reactivekv.tck.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.Lookup;

/**
 * SIGKILL of a writing process at random points, then a check of what it acknowledged. Each round starts an
 * {@link AckingWriter} in its own JVM ({@link ChildJvm}: under BlockHound) on the same store, lets it acknowledge a
 * random number of writes (0 to {@code maxAcksBeforeKill}; the writer keeps writing while the parent reads, so the
 * kill lands at an arbitrary point of a write), kills it with SIGKILL ({@link ProcessHandle#destroyForcibly()}), reads the
 * acknowledgements it printed before it died, and reopens the store in this JVM: it must open, hold every write of
 * the round it acknowledged with its value, hold {@code last} at least at its last acknowledged value, and read every
 * key it lists. At the end every acknowledged write of every round is read once more.
 */
public final class KillDuringWrites {

    /** What the rounds did; {@code lost} counts acknowledged writes missing or wrong after a reopen. */
    public record Report(String storeUri, int kills, long acknowledged, long lost, long listedAndRead, long seed,
                         Duration elapsed) {
        @Override
        public String toString() {
            return String.format("%s: %d SIGKILLs, %d acknowledged writes, %d lost, %d keys listed and read back"
                    + " after the last reopen, seed %d, %d s", storeUri, kills, acknowledged, lost, listedAndRead, seed,
                    elapsed.toSeconds());
        }
    }

    /** How long a writer may live (open, then write until killed) before it counts as hung, on a loaded 2-core machine. */
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private KillDuringWrites() {
    }

    /** The number of kills a test asks for: {@code -Drkv.crash.kills}, or {@code defaultKills}. */
    public static int kills(int defaultKills) {
        return Integer.getInteger("rkv.crash.kills", defaultKills);
    }

    /**
     * The suite's check: {@link #kills(int) kills(5)} rounds of at most 400 acknowledgements on {@code storeUri}, with a
     * random seed; prints the report and fails unless writes were acknowledged and none was lost.
     */
    public static Report assertNoAcknowledgedWriteLost(String storeUri) {
        Report report = run(storeUri, kills(5), 400, System.nanoTime());
        System.out.println(report);
        if (report.lost() != 0 || report.acknowledged() == 0) {
            throw new AssertionError(report.toString());
        }
        return report;
    }

    public static Report run(String storeUri, int kills, int maxAcksBeforeKill, long seed) {
        long started = System.nanoTime();
        Random random = new Random(seed);
        List<String> everyAck = new ArrayList<>();
        long lost = 0;
        for (int round = 0; round < kills; round++) {
            Round r = killOnce(storeUri, "r" + round, random.nextInt(maxAcksBeforeKill + 1));
            everyAck.addAll(r.acked);
            try (KeyValueStore store = KeyValueStores.open(storeUri)) {
                lost += missing(store, r.acked);
                Map<String, Object> last = store.get(AckingWriter.COLLECTION, AckingWriter.LAST).block(PATIENCE);
                if (r.lastAcked >= 0 && (last == null || !("r" + round).equals(last.get("run"))
                        || ((Number) last.get("i")).longValue() < r.lastAcked)) {
                    lost++;
                }
            }
            // progress, so that a long run shows where it is (and what it found) before it ends
            System.out.printf("%s round %d/%d: SIGKILL after %d acknowledged writes; %d lost so far%n", storeUri,
                    round + 1, kills, r.acked.size(), lost);
        }
        long listed;
        try (KeyValueStore store = KeyValueStores.open(storeUri)) {
            lost += missing(store, everyAck);
            List<String> keys = store.keys(AckingWriter.COLLECTION).collectList().block(PATIENCE);
            listed = store.getMany(AckingWriter.COLLECTION, keys).filter(Lookup::isHit).count().block(PATIENCE);
            if (listed != keys.size()) {
                throw new AssertionError((keys.size() - listed) + " listed keys do not read back");
            }
        }
        return new Report(storeUri, kills, everyAck.size(), lost, listed, seed,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private record Round(List<String> acked, long lastAcked) {
    }

    private static Round killOnce(String storeUri, String run, int acksBeforeKill) {
        Path stderr;
        Process child;
        try {
            stderr = Files.createTempFile("rkv-writer", ".err");
            child = new ProcessBuilder(ChildJvm.command(AckingWriter.class.getName(), storeUri, run))
                    .redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a writer that hangs (never opens, never writes) prints its threads (SIGQUIT: to its standard output, read
        // below) and is killed, which fails the round
        child.onExit().orTimeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).whenComplete((p, timedOut) -> {
            if (timedOut != null) {
                try {
                    new ProcessBuilder("kill", "-QUIT", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);
                    child.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception stillRunning) {
                    // the kill below ends it either way
                }
                child.toHandle().destroyForcibly();
            }
        });
        StringBuilder other = new StringBuilder();
        List<String> acked = new ArrayList<>();
        long lastAcked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            boolean killed = false;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                } else if (line.startsWith("LAST ")) {
                    lastAcked = Long.parseLong(line.substring(5));
                } else if (!line.equals("OPEN") && other.length() < 200_000) {
                    other.append(line).append('\n');
                }
                if (!killed && (line.equals("OPEN") && acksBeforeKill == 0 || acked.size() >= acksBeforeKill && acksBeforeKill > 0)) {
                    // SIGKILL through the handle: Process.destroyForcibly would also close the pipe, and what the
                    // writer printed before dying is still to be read
                    child.toHandle().destroyForcibly();
                    killed = true;
                }
            }
            if (!killed) {
                throw new AssertionError("the writer ended by itself or hung (exit code "
                        + (child.waitFor(30, TimeUnit.SECONDS) ? child.exitValue() : "none") + ") after " + acked.size()
                        + " writes; its standard error:\n" + Files.readString(stderr, StandardCharsets.UTF_8)
                        + "\nits other output (a thread dump if it hung):\n" + other);
            }
            if (!child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("a SIGKILLed writer was still running after " + PATIENCE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            child.destroyForcibly();
            ChildJvm.deleteQuietly(stderr);
        }
        return new Round(acked, lastAcked);
    }

    private static long missing(KeyValueStore store, List<String> acked) {
        if (acked.isEmpty()) {
            return 0;
        }
        List<Lookup> got = store.getMany(AckingWriter.COLLECTION, acked).collectList().block(PATIENCE);
        long missing = 0;
        for (Lookup l : got) {
            String key = l.key();
            long i = Long.parseLong(key.substring(key.indexOf('-') + 1));
            boolean intact = l.isHit() && ((Number) l.entry().value().get("i")).longValue() == i
                    && (i % 50 != 0 || ((String) l.entry().value().get("big")).length() == 300_000);
            if (!intact) {
                missing++;
            }
        }
        return missing;
    }
}
