package dev.reactivekv.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.Polling;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code redis-sentinel://} through three real Sentinels of the test's own while a writer puts without
 * pause, through a store opened with {@code replicas(1)} (a write is acknowledged once the replica has it).
 * Rounds alternate two ways of losing the master:
 * <ul>
 *   <li>even rounds, {@code SENTINEL FAILOVER}: the Sentinels promote the replica and demote the master;</li>
 *   <li>odd rounds, the master process is killed (SIGKILL): the Sentinels notice it is down, agree, and
 *       promote the replica; the killed server is then restarted and follows the new master.</li>
 * </ul>
 * Every round checks that puts fail only with typed errors, each within {@link #FAIL_BOUND} (nothing hangs),
 * that writes land on the new master within {@link #RESUME_BOUND}, and that a watch open all along emits
 * {@code RESYNC} after the switch and then delivers the event of a write on the new master (whose
 * keyspace notifications start switched off: the store has to enable them there). At the end no
 * acknowledged write may be missing. Rounds: {@code -Drkv.failover.rounds=N} (2 in the suite, one of
 * each; {@code scripts/reliability redis} runs more); the test prints one {@code FAILOVER-RESULT} line.
 */
class RedisSentinelFailoverTest {

    private static final int ROUNDS = Integer.getInteger("rkv.failover.rounds", 2);
    private static final Duration FAIL_BOUND = Duration.ofSeconds(5);
    private static final Duration RESUME_BOUND = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String WRITES = "writes";
    private static final String WATCHED = "watched";

    private final PutRecorder writes = new PutRecorder(Duration.ofSeconds(20));
    private final List<KeyEvent> events = new CopyOnWriteArrayList<>();
    private final List<Throwable> watchErrors = new CopyOnWriteArrayList<>();
    private long slowestResumeMs;
    private long slowestFollowMs;
    private int kills;

    @Test
    void failoversAndKilledMastersDuringWritesLoseNoAcknowledgedWrite() throws Exception {
        try (OwnSentinelGroup group = new OwnSentinelGroup()) {
            // replicas(1): a write is acknowledged once the replica has it (WAIT), so a promotion cannot drop it
            KeyValueStore store = RedisStore.builder(group.uri()).timeout(Duration.ofSeconds(2)).replicas(1).build();
            List<String> lost;
            try {
                Disposable watch = store.watch(WATCHED).subscribe(events::add, watchErrors::add);
                Disposable writer = null;
                try {
                    Polling.until("the watch is live", PATIENCE, () -> eventsSince(0).contains(KeyEvent.resync(WATCHED)));
                    writer = writes.start(store, WRITES);
                    for (int round = 0; round < ROUNDS; round++) {
                        round(group, store, round, round + 1 < ROUNDS);
                    }
                } finally {
                    if (writer != null) {
                        writer.dispose();
                    }
                    watch.dispose();
                }
                lost = writes.lost(store, WRITES, PATIENCE);
            } finally {
                store.close();
            }
            System.out.println(writes.summary("FAILOVER-RESULT rounds=" + ROUNDS + " kills=" + kills
                    + " slowestResumeMs=" + slowestResumeMs + " slowestFollowMs=" + slowestFollowMs, lost.size()));
            writes.assertTypedAndBounded(FAIL_BOUND);
            assertThat(lost).as("acknowledged writes missing after the failovers").isEmpty();
            assertThat(watchErrors).as("the watch never fails, it resyncs").isEmpty();
        }
    }

    /**
     * One switch of master (a failover or a kill, by round). Before {@code another}, waits until the old
     * master follows the new one and every Sentinel sees that.
     */
    private void round(OwnSentinelGroup group, KeyValueStore store, int round, boolean another) throws Exception {
        boolean kill = round % 2 == 1;
        int before = writes.acknowledged();
        Polling.until("the writer's puts are acknowledged", PATIENCE, () -> writes.acknowledged() >= before + 20);
        int eventsBefore = events.size();
        int oldMaster = group.masterPort();
        long start = System.nanoTime();
        int newMaster;
        if (kill) {
            kills++;
            group.kill(oldMaster);
            newMaster = group.awaitPromotion(oldMaster, RESUME_BOUND);
            lap(round, start, "the Sentinels promoted " + newMaster);
            // the store's own way back: it asks the Sentinels again at each reconnect. Its puts reach the new
            // master (and fail there: WAIT finds no replica), which shows as keys the dead master never had
            long follow;
            try (RawRedis raw = RawRedis.standalone(newMaster)) {
                long keysAtPromotion = raw.sync().dbsize();
                Polling.until("the store's puts reach the promoted replica", RESUME_BOUND, () -> raw.sync().dbsize() > keysAtPromotion);
            }
            follow = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            slowestFollowMs = Math.max(slowestFollowMs, follow);
            lap(round, start, "the store's puts reach the new master");
            group.rejoin(oldMaster, newMaster);
            lap(round, start, "the killed master restarted as a replica");
        } else {
            group.failover();
            Polling.until("the Sentinels name a new master", RESUME_BOUND, () -> group.masterPort() != oldMaster);
            newMaster = group.masterPort();
        }
        int switched = writes.acknowledged();
        try (RawRedis raw = RawRedis.standalone(newMaster)) {
            Polling.until("acknowledged writes land on the new master", RESUME_BOUND, () -> {
                String last = writes.lastAcknowledged();
                return writes.acknowledged() > switched && raw.sync().exists(WRITES + "::" + last) == 1;
            });
        }
        long resumeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        slowestResumeMs = Math.max(slowestResumeMs, resumeMs);
        lap(round, start, (kill ? "SIGKILL " : "SENTINEL FAILOVER ") + oldMaster + " -> " + newMaster + ", acknowledged writes on the new master");
        awaitWatchOn(store, round, eventsBefore);
        lap(round, start, "the watch resynced and delivers the new master's events");
        if (another) {
            group.awaitSettled(newMaster);
        }
    }

    /** After a switch: {@code RESYNC}, then the {@code PUT} of a write made on the new master. */
    private void awaitWatchOn(KeyValueStore store, int round, int eventsBefore) {
        Polling.until("RESYNC after the switch", RESUME_BOUND, () -> eventsSince(eventsBefore).contains(KeyEvent.resync(WATCHED)));
        int resynced = eventsBefore + eventsSince(eventsBefore).indexOf(KeyEvent.resync(WATCHED)) + 1;
        String probe = "probe-" + round;
        Polling.until("a put on the new master", RESUME_BOUND, () -> store.put(WATCHED, probe, Map.of("round", round), null)
                .thenReturn(true).onErrorResume(e -> Mono.just(false)).block(PATIENCE));
        Polling.until("the watch delivers the new master's events", RESUME_BOUND,
                () -> eventsSince(resynced).contains(KeyEvent.put(WATCHED, probe)));
    }

    /** The events from index {@code from} on, as a snapshot (the watch adds to the list meanwhile). */
    private List<KeyEvent> eventsSince(int from) {
        List<KeyEvent> snapshot = List.copyOf(events);
        return snapshot.subList(Math.min(from, snapshot.size()), snapshot.size());
    }

    private static void lap(int round, long start, String what) {
        System.out.printf("round %d: %s at %d ms%n", round, what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
