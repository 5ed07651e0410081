package dev.reactivekv.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import reactor.core.Disposable;

/**
 * Cross-process watch latency of the disk store: a child JVM writes N keys one after another (a pause of
 * about a millisecond between puts, so each is measured on its own rather than behind a queue); this JVM
 * watches the collection and stamps each PUT event on arrival. Two latencies per write, both on the same
 * system clock in microseconds: from the child's wall clock just before its put (what a user of both
 * processes sees: the put itself included), and from the put's acknowledgement in the child (the
 * journal's own delay: append, tail, hand-over to the watcher). Reports p50/p90/p99/max of each and any
 * event that never arrived. Then {@value #IDLE_WRITES} more puts, each after {@value #IDLE_MILLIS} ms of
 * silence ({@code afterIdle}): what a user sees when one process writes now and then, once the watching
 * process's tailer has backed off to its longest wait. Both JVMs are warmed up first on the watched
 * collection (keys the report ignores), so the watcher's delivery path is compiled too.
 *
 * <pre>java FLAGS -cp benchmarks.jar dev.reactivekv.bench.DiskJournalLatencyHarness DIR N OUT.json</pre>
 */
public final class DiskJournalLatencyHarness {

    private static final String COLLECTION = "journal-latency";
    private static final int WARMUP_WRITES = 2_000;
    private static final int IDLE_WRITES = 10;
    private static final long IDLE_MILLIS = 1_500;

    private DiskJournalLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("write")) {
            write(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        if (args.length != 3) {
            System.err.println("usage: DiskJournalLatencyHarness DIR N OUT.json");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        try (KeyValueStore store = KeyValueStores.open("disk:" + dir + "?encrypted=false")) {
            Disposable watch = store.watch(COLLECTION).subscribe(e -> {
                if (e.type() == KeyEvent.Type.PUT) {
                    arrived.put(e.key(), micros(Instant.now()));
                }
            });
            Map<String, Long> started = new ConcurrentHashMap<>();
            Map<String, Long> acked = new ConcurrentHashMap<>();
            Map<String, Long> idleStarted = new ConcurrentHashMap<>();
            Process child = child(dir, n);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && parts[0].startsWith("k")) {
                        started.put(parts[0], Long.parseLong(parts[1]));
                        acked.put(parts[0], Long.parseLong(parts[2]));
                    } else if (parts.length == 3 && parts[0].startsWith("i")) {
                        idleStarted.put(parts[0], Long.parseLong(parts[1]));
                    }
                }
            }
            if (!child.waitFor(5, TimeUnit.MINUTES) || child.exitValue() != 0) {
                throw new IllegalStateException("the writer child failed");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!arrived.keySet().containsAll(started.keySet()) || !arrived.keySet().containsAll(idleStarted.keySet())) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                Thread.onSpinWait();
            }
            watch.dispose();
            report(started, acked, idleStarted, arrived, Path.of(args[2]));
        }
    }

    private static void report(Map<String, Long> started, Map<String, Long> acked, Map<String, Long> idleStarted,
            Map<String, Long> arrived, Path out) throws Exception {
        int lost = (int) started.keySet().stream().filter(k -> !arrived.containsKey(k)).count();
        int idleLost = (int) idleStarted.keySet().stream().filter(k -> !arrived.containsKey(k)).count();
        long[] fromPut = latencies(started, arrived);
        long[] fromAck = latencies(acked, arrived);
        long[] afterIdle = latencies(idleStarted, arrived);
        String json = String.format(Locale.ROOT,
                "{\"store\": \"disk\", \"writes\": %d, \"lost\": %d, \"p50_us\": %d, \"p90_us\": %d, \"p99_us\": %d, \"max_us\": %d, "
                        + "\"fromAck\": {\"p50_us\": %d, \"p90_us\": %d, \"p99_us\": %d, \"max_us\": %d}, "
                        + "\"afterIdle\": {\"writes\": %d, \"idle_ms\": %d, \"lost\": %d, \"p50_us\": %d, \"max_us\": %d}}%n",
                started.size(), lost, pct(fromPut, 50), pct(fromPut, 90), pct(fromPut, 99), pct(fromPut, 100),
                pct(fromAck, 50), pct(fromAck, 90), pct(fromAck, 99), pct(fromAck, 100),
                idleStarted.size(), IDLE_MILLIS, idleLost, pct(afterIdle, 50), pct(afterIdle, 100));
        Files.writeString(out, json);
        // -Drkv.bench.journalSeries=FILE: one line per timed put in write order ("key start_us fromPut_us
        // fromAck_us", or "key start_us lost"), to tell a backlog after a stall from scattered delays
        String series = System.getProperty("rkv.bench.journalSeries");
        if (series != null) {
            StringBuilder sb = new StringBuilder();
            started.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
                Long at = arrived.get(e.getKey());
                sb.append(e.getKey()).append(' ').append(e.getValue()).append(' ')
                        .append(at == null ? "lost" : (at - e.getValue()) + " " + (at - acked.get(e.getKey()))).append('\n');
            });
            Files.writeString(Path.of(series), sb);
        }
        System.out.print(json);
    }

    /** Sorted arrival − start for every key that arrived. */
    private static long[] latencies(Map<String, Long> from, Map<String, Long> arrived) {
        return from.entrySet().stream().filter(e -> arrived.containsKey(e.getKey()))
                .mapToLong(e -> arrived.get(e.getKey()) - e.getValue()).sorted().toArray();
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    private static Process child(Path dir, int n) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-D") || a.startsWith("--enable-native")).toList());
        cmd.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), DiskJournalLatencyHarness.class.getName(),
                "write", dir.toString(), Integer.toString(n)));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * The child: warm up (on the watched collection, so the watcher warms up too), then N timed puts,
     * printing "k<i> <wall µs before the put> <wall µs at its ack>", then the idle-separated ones ("i<j> ...").
     */
    private static void write(Path dir, int n) throws InterruptedException {
        try (KeyValueStore store = KeyValueStores.open("disk:" + dir + "?encrypted=false")) {
            for (int i = 0; i < WARMUP_WRITES; i++) {
                store.put(COLLECTION, "w" + i, Map.of("i", i)).block();
            }
            for (int i = 0; i < n; i++) {
                long t = micros(Instant.now());
                store.put(COLLECTION, "k" + i, Map.of("i", i)).block();
                long acked = micros(Instant.now());
                System.out.println("k" + i + " " + t + " " + acked);
                long until = System.nanoTime() + 1_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            for (int j = 0; j < IDLE_WRITES; j++) {
                Thread.sleep(IDLE_MILLIS);
                long t = micros(Instant.now());
                store.put(COLLECTION, "i" + j, Map.of("j", j)).block();
                System.out.println("i" + j + " " + t + " " + micros(Instant.now()));
            }
        }
        System.out.flush();
    }
}
