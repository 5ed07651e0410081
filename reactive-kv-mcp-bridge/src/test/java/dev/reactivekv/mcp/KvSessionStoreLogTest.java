package dev.reactivekv.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.tck.Polling;
import dev.reactivekv.mcp.internal.transport.SessionRecord;
import dev.reactivekv.mcp.internal.transport.SessionStore;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The event log of {@link KvSessionStore} on a memory store: the head is written with every
 * {@link KvSessionStore#HEAD_EVERY}th event only, yet another instance finds the last logged event (ids go on after
 * it, replay ends with it), and trimming still removes every event that falls out of the window.
 */
class KvSessionStoreLogTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String C = SessionOptions.COLLECTION;
    private static final int K = KvSessionStore.HEAD_EVERY;

    /** Counts the event and head entries the log writes. */
    private static final class Counting extends ForwardingKeyValueStore {
        final AtomicLong events = new AtomicLong();
        final AtomicLong heads = new AtomicLong();

        Counting(KeyValueStore delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries,
                                  @Nullable Duration ttl) {
            entries.keySet().forEach(k -> (k.startsWith("h/") ? heads : events).incrementAndGet());
            return super.putMany(collection, entries, ttl);
        }
    }

    @Test
    void aChangeToAHundredSessionsWritesAboutOneEntryPerSessionNotTwo() {
        Counting counting = new Counting(MemoryStore.create());
        KvSessionStore log = new KvSessionStore(counting, C, TTL, 100);
        int sessions = 100;
        int changes = 4 * K;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String id = "s" + i;
            ids.add(id);
            log.create(id, record()).block(TIMEOUT);
        }
        for (int seq = 1; seq <= changes; seq++) {
            change(log, ids, seq);
        }

        long events = (long) sessions * changes;
        assertThat(counting.events.get()).isEqualTo(events);
        // the first event of each session here, then every K-th: 4 heads per session, not 64
        assertThat(counting.heads.get()).isEqualTo((long) sessions * (changes / K));
        double perChange = (double) (counting.events.get() + counting.heads.get()) / changes;
        System.out.printf("event log entries per change to %d sessions: %.2f (every event with its head: %d)%n",
                sessions, perChange, 2 * sessions);
        assertThat(perChange).isLessThan(1.1 * sessions);
        for (String id : ids) {
            assertThat(log.head(id).block(TIMEOUT)).isEqualTo(changes);
        }
    }

    @Test
    void anotherInstanceFindsTheEventsLoggedAfterTheLastWrittenHead() {
        KeyValueStore memory = MemoryStore.create();
        KvSessionStore a = new KvSessionStore(memory, C, TTL, 100);
        a.create("s", record()).block(TIMEOUT);
        for (int seq = 1; seq <= K + K - 1; seq++) { // heads written at 1 and K + 1 only
            change(a, List.of("s"), seq);
        }
        assertThat(storedHead(memory, "s")).as("the premise: the last events have no head").isEqualTo(K + 1);
        a.forget("s");

        KvSessionStore b = new KvSessionStore(memory, C, TTL, 100);
        assertThat(b.load("s").block(TIMEOUT)).isNotNull();
        long last = b.head("s").block(TIMEOUT);
        assertThat(last).as("the last event logged, not the last head written").isEqualTo(2 * K - 1);
        assertThat(b.after("s", K - 3, last).collectList().block(TIMEOUT))
                .extracting(SessionStore.StoredEvent::seq, SessionStore.StoredEvent::json)
                .containsExactlyElementsOf(range(K - 2, last).stream()
                        .map(seq -> org.assertj.core.groups.Tuple.tuple(seq, json(seq))).toList());

        change(b, List.of("s"), last + 1);
        assertThat(storedHead(memory, "s")).as("the first event on B writes its head").isEqualTo(2 * K);
        assertThat(new KvSessionStore(memory, C, TTL, 100).head("s").block(TIMEOUT)).isEqualTo(2 * K);
    }

    @Test
    void trimmingRemovesEventsWithAndWithoutAHead() {
        KeyValueStore memory = MemoryStore.create();
        int window = 5;
        KvSessionStore log = new KvSessionStore(memory, C, TTL, window);
        log.create("s", record()).block(TIMEOUT);
        int total = 3 * K + 2;
        for (int seq = 1; seq <= total; seq++) {
            change(log, List.of("s"), seq);
        }
        List<String> window5 = range(total - window + 1, total).stream().map(seq -> "e/s/" + seq).toList();
        // the trim of the last batch is not waited for
        Polling.until("only the last " + window + " events stored", TIMEOUT, () -> memory.keys(C)
                .filter(k -> k.startsWith("e/")).collect(java.util.stream.Collectors.toSet()).block(TIMEOUT)
                .equals(java.util.Set.copyOf(window5)));
        // the log is shorter than the head's interval: the probe still finds the last event
        assertThat(new KvSessionStore(memory, C, TTL, window).head("s").block(TIMEOUT)).isEqualTo(total);

        log.delete("s").block(TIMEOUT);
        assertThat(memory.keys(C).collectList().block(TIMEOUT)).isEmpty();
    }

    /** One change fanned out to {@code sessions}, all of its appends in one batch; waits until logged. */
    private static void change(KvSessionStore log, List<String> sessions, long seq) {
        List<Mono<Void>> appends = new ArrayList<>();
        log.batch(() -> sessions.forEach(id -> {
            Mono<Void> m = log.append(id, seq, json(seq)).cache();
            m.subscribe();
            appends.add(m);
        }));
        Mono.when(appends).block(TIMEOUT);
    }

    private static long storedHead(KeyValueStore store, String session) {
        Map<String, Object> h = store.get(C, "h/" + session).block(TIMEOUT);
        assertThat(h).isNotNull();
        return ((Number) h.get("seq")).longValue();
    }

    private static String json(long seq) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"n\":" + seq + "}}";
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            r.add(i);
        }
        return r;
    }

    private static SessionRecord record() {
        return new SessionRecord(Map.of("protocolVersion", "2025-11-25"), "2025-11-25", null, List.of());
    }
}
