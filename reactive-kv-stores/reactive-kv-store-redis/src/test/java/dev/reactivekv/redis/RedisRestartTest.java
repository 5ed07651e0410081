package dev.reactivekv.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.CompoundKey;
import dev.reactivekv.tck.Polling;
import dev.reactivekv.wrapper.Wrappers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis, Valkey and one node of a Redis Cluster, each of the test's own, killed (SIGKILL, odd rounds) or
 * stopped (SIGTERM, even rounds) and restarted while a writer puts without pause, a scan is in flight
 * and a watch is open. Every round checks: the scan and the writer's puts fail with a typed
 * {@link StoreUnavailableException} or {@link StoreTimeoutException} within a bound (nothing hangs); a
 * put issued through {@link Wrappers#retry()} while the server is down completes once it is back; the
 * watch emits {@code RESYNC} and then delivers events again; writes resume. At the end every
 * acknowledged write is read back (the servers write an append-only file before replying).
 *
 * <p>Rounds: {@code -Drkv.restart.rounds=N} (2 in the suite; {@code scripts/reliability redis} runs more).
 * Each kind prints one {@code RESTART-RESULT} line with its counts.
 */
class RedisRestartTest {

    private static final int ROUNDS = Integer.getInteger("rkv.restart.rounds", 2);
    /** The store's command timeout; a failing operation must end well within {@link #FAIL_BOUND}. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FAIL_BOUND = Duration.ofSeconds(5);
    /** An operation still open after this is counted as hung. */
    private static final Duration HANG = Duration.ofSeconds(20);
    private static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final String WRITES = "writes";
    private static final String SCANNED = "scanned";

    enum Kind { REDIS, VALKEY, CLUSTER }

    private final PutRecorder writes = new PutRecorder(HANG);
    private final List<KeyEvent> events = new CopyOnWriteArrayList<>();
    private final List<Throwable> watchErrors = new CopyOnWriteArrayList<>();

    @ParameterizedTest
    @EnumSource(Kind.class)
    void serversStoppedAndRestartedDuringPutsScansAndWatches(Kind kind) throws Exception {
        try (Deployment d = Deployment.of(kind)) {
            KeyValueStore store = RedisStore.builder(d.uri()).timeout(COMMAND_TIMEOUT).build();
            KeyValueStore retrying = KeyValue.of(store).with(Wrappers.retry().maxRetries(60)
                    .initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(500))).build();
            try {
                run(kind, d, store, retrying);
            } finally {
                store.close();
            }
        }
    }

    private void run(Kind kind, Deployment d, KeyValueStore store, KeyValueStore retrying) throws Exception {
        Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            batch.put("s" + i, Map.of("i", i));
        }
        store.putMany(SCANNED, batch, null).block(PATIENCE);
        Disposable watch = store.watch(WRITES).subscribe(events::add, watchErrors::add);
        Polling.until("the watch is live", PATIENCE, () -> events.stream().anyMatch(e -> e.type() == KeyEvent.Type.RESYNC));
        Disposable writer = writes.start(store, WRITES);
        List<String> probes = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                probes.add(round(kind, d, store, retrying, round));
            }
        } finally {
            writer.dispose();
            watch.dispose();
        }
        d.awaitHealthy();
        List<String> lost = new ArrayList<>(writes.lost(store, WRITES, PATIENCE));
        PutRecorder.missing(store, WRITES, probes, PATIENCE).forEach(k -> lost.add("retried " + k));
        System.out.println(writes.summary("RESTART-RESULT kind=" + kind + " rounds=" + ROUNDS, lost.size()));
        writes.assertTypedAndBounded(FAIL_BOUND);
        assertThat(lost).as("acknowledged writes missing afterwards").isEmpty();
        assertThat(watchErrors).as("the watch never fails, it resyncs").isEmpty();
    }

    /** One outage; returns the key the retry wrapper wrote while the server was down. */
    private String round(Kind kind, Deployment d, KeyValueStore store, KeyValueStore retrying, int round) throws Exception {
        long start = System.nanoTime();
        int before = writes.acknowledged();
        Polling.until("the writer's puts are acknowledged", PATIENCE, () -> writes.acknowledged() >= before + 20);
        Sinks.Empty<Void> gate = Sinks.empty();
        AtomicBoolean holding = new AtomicBoolean();
        CompletableFuture<Throwable> scan = store.keys(SCANNED, ScanOptions.all().withPageSize(10))
                .concatMap(k -> {
                    holding.set(true);
                    return gate.asMono().thenReturn(k);
                }, 1)
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .timeout(HANG)
                .toFuture();
        Polling.until("the scan holds its first page", PATIENCE, holding::get);
        lap(kind, round, start, "scan holds a page");
        int eventsBefore = events.size();
        long failuresBefore = writes.typedFailures();
        OwnRedisServer victim = d.victim(round);
        if (round % 2 == 0) {
            victim.kill();
        } else {
            victim.stop();
        }
        long down = System.nanoTime();
        lap(kind, round, start, "server down");
        gate.tryEmitEmpty();
        Throwable scanEnd = scan.get(HANG.toSeconds(), TimeUnit.SECONDS);
        long scanMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
        if (kind != Kind.CLUSTER) { // in a cluster the walk may be past the stopped node already
            assertThat(scanEnd).as("the scan in flight").isNotNull();
        }
        if (scanEnd != null) {
            assertThat(scanEnd).as("the scan's error").isInstanceOfAny(StoreUnavailableException.class, StoreTimeoutException.class);
            assertThat(scanMs).as("ms until the scan failed").isLessThanOrEqualTo(FAIL_BOUND.toMillis());
        }
        Polling.until("the writer's puts fail", FAIL_BOUND, () -> writes.typedFailures() > failuresBefore);
        lap(kind, round, start, "scan and puts failed");
        String retried = d.keyOnVictim("retried-" + round, round);
        CompletableFuture<Void> recovering = retrying.put(WRITES, retried, Map.of("round", round), null).toFuture();
        assertThat(recovering).as("a put while the server is down").isNotDone();
        victim.start();
        lap(kind, round, start, "server restarted");
        recovering.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        lap(kind, round, start, "retried put done");
        Polling.until("RESYNC after the restart", PATIENCE, () -> eventsSince(eventsBefore).stream()
                .anyMatch(e -> e.type() == KeyEvent.Type.RESYNC));
        int resynced = events.size();
        lap(kind, round, start, "RESYNC");
        String probe = d.keyOnVictim("probe-" + round, round);
        Polling.until("a put after the restart", PATIENCE, () -> store.put(WRITES, probe, Map.of("round", round), null)
                .thenReturn(true).onErrorResume(e -> Mono.just(false)).block(HANG));
        Polling.until("the watch delivers events again", PATIENCE, () -> eventsSince(resynced).stream()
                .anyMatch(e -> e.equals(KeyEvent.put(WRITES, probe))));
        lap(kind, round, start, "events again");
        int after = writes.acknowledged();
        Polling.until("the writer's puts are acknowledged again", PATIENCE, () -> writes.acknowledged() > after);
        d.awaitHealthy();
        lap(kind, round, start, "healthy");
        return retried;
    }

    /** The events from index {@code from} on, as a snapshot: a view of the live list fails when the watch adds to it. */
    private List<KeyEvent> eventsSince(int from) {
        List<KeyEvent> snapshot = List.copyOf(events);
        return snapshot.subList(Math.min(from, snapshot.size()), snapshot.size());
    }

    private static void lap(Kind kind, int round, long start, String what) {
        System.out.printf("%s round %d: %s at %d ms%n", kind, round, what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The servers of one kind ({@code cluster} null for a single server), and which one each round stops. */
    private record Deployment(List<OwnRedisServer> servers, String uri, OwnRedisCluster cluster) implements AutoCloseable {

        static Deployment of(Kind kind) throws Exception {
            if (kind == Kind.CLUSTER) {
                OwnRedisCluster cluster = new OwnRedisCluster();
                return new Deployment(cluster.nodes(), cluster.uri(), cluster);
            }
            OwnRedisServer server = new OwnRedisServer(kind == Kind.VALKEY ? RedisServers.valkeyBinary() : RedisServers.redisBinary(),
                    OwnRedisServer.durable());
            return new Deployment(List.of(server), server.uri(), null);
        }

        OwnRedisServer victim(int round) {
            return servers.get(round % servers.size());
        }

        /** A key of {@link #WRITES} stored on the round's victim (any key on a single server). */
        String keyOnVictim(String base, int round) {
            for (int i = 0; cluster != null; i++) {
                // the slot is the stored key's, collection included
                if (cluster.ownedBy(round % servers.size(), CompoundKey.join(WRITES, base + "-" + i))) {
                    return base + "-" + i;
                }
            }
            return base;
        }

        void awaitHealthy() {
            if (cluster != null) {
                cluster.awaitHealthy();
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (cluster != null) {
                cluster.close();
            } else {
                servers.get(0).close();
            }
        }
    }
}
