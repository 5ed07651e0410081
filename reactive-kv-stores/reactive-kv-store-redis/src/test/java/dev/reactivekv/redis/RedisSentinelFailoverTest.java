package dev.reactivekv.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.Polling;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code redis-sentinel://} through three real Sentinels of the test's own while a writer puts without
 * pause, through a store opened with {@code replicas(1)}: each round asks the Sentinels for a failover ({@code SENTINEL FAILOVER}, the replica is promoted
 * and the master demoted), and checks that puts fail only with typed errors, each within a bound, that
 * writes land on the new master within {@link #RESUME_BOUND}, and at the end that no acknowledged write is
 * missing. Rounds: {@code -Drkv.failover.rounds=N} (1 in the suite; {@code scripts/reliability redis} runs
 * more, there and back); the test prints one
 * {@code FAILOVER-RESULT} line.
 */
class RedisSentinelFailoverTest {

    private static final int ROUNDS = Integer.getInteger("rkv.failover.rounds", 1);
    private static final Duration FAIL_BOUND = Duration.ofSeconds(5);
    private static final Duration RESUME_BOUND = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String WRITES = "writes";

    @Test
    void aSentinelFailoverDuringWritesLosesNoAcknowledgedWrite() throws Exception {
        PutRecorder writes = new PutRecorder(Duration.ofSeconds(20));
        long slowestResumeMs = 0;
        try (OwnSentinelGroup group = new OwnSentinelGroup()) {
            // replicas(1): a write is acknowledged once the replica has it (WAIT), so a promotion cannot drop it
            KeyValueStore store = RedisStore.builder(group.uri()).timeout(Duration.ofSeconds(2)).replicas(1).build();
            List<String> lost;
            try {
                Disposable writer = writes.start(store, WRITES);
                try {
                    for (int round = 0; round < ROUNDS; round++) {
                        slowestResumeMs = Math.max(slowestResumeMs, failover(group, writes, round, round + 1 < ROUNDS));
                    }
                } finally {
                    writer.dispose();
                }
                lost = writes.lost(store, WRITES, PATIENCE);
            } finally {
                store.close();
            }
            System.out.println(writes.summary("FAILOVER-RESULT rounds=" + ROUNDS + " slowestResumeMs=" + slowestResumeMs, lost.size()));
            writes.assertTypedAndBounded(FAIL_BOUND);
            assertThat(lost).as("acknowledged writes missing after the failovers").isEmpty();
        }
    }

    /**
     * One {@code SENTINEL FAILOVER}; returns the milliseconds until writes landed on the new master. Before
     * {@code another}, waits until the old master follows the new one.
     */
    private static long failover(OwnSentinelGroup group, PutRecorder writes, int round, boolean another) {
        int before = writes.acknowledged();
        Polling.until("the writer's puts are acknowledged", PATIENCE, () -> writes.acknowledged() >= before + 20);
        int oldMaster = group.masterPort();
        long start = System.nanoTime();
        group.failover();
        Polling.until("the Sentinels name a new master", RESUME_BOUND, () -> group.masterPort() != oldMaster);
        int newMaster = group.masterPort();
        int switched = writes.acknowledged();
        try (RawRedis raw = RawRedis.standalone(newMaster)) {
            Polling.until("writes land on the new master", RESUME_BOUND, () -> {
                String last = writes.lastAcknowledged();
                return writes.acknowledged() > switched && raw.sync().exists(WRITES + "::" + last) == 1;
            });
        }
        long resumeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("failover round %d: %d -> %d, writes on the new master after %d ms%n", round, oldMaster, newMaster, resumeMs);
        if (another) {
            group.awaitSettled(newMaster);
        }
        return resumeMs;
    }
}
