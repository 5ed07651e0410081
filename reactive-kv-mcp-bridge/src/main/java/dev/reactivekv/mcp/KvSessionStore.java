package dev.reactivekv.mcp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.mcp.internal.transport.SessionRecord;
import dev.reactivekv.mcp.internal.transport.SessionStore;
import dev.reactivekv.spi.JsonValues;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * {@link SessionStore} in one collection of a {@link KeyValueStore}, every entry expiring after the session idle
 * timeout: {@code s/ID} the record, {@code e/ID/N} event N (the message as JSON text), and {@code h/ID} the head, a
 * recent event id. Events are written by group commit: while one {@code putMany} is in flight, the events appended
 * meanwhile — typically one per subscribed session for one change — wait and then go together in the next one (at
 * most {@link #MAX_BATCH} events each); the events that fall out of their windows are deleted in one
 * {@code deleteMany} without waiting. So the fan-out of a change to N sessions costs two store round trips, not N.
 * Records of the sessions held here are cached, so that a change or a touch writes the whole record without reading
 * it first; with several instances the last writer wins.
 *
 * <p>The head is written only with every {@link #HEAD_EVERY}th event of a session (and with its first one here),
 * which halves the entries of the log: the last event id is the head plus whatever of the next events
 * {@link #head} finds in one {@code getMany}. Heads are written only by the batch loop, one batch after the other,
 * so a stored head is never more than {@code HEAD_EVERY - 1} events behind (a failed batch makes the next one write
 * it; the probe looks twice as far). A head also outlives the events logged after it: it is rewritten when an event
 * comes {@code ttl / 16} after the last head write, and lives {@code ttl / 8} longer than events. So while an event
 * logged after a head is stored, so is that head (as before, when all of a session's entries expired, its ids start
 * again at 1).
 */
final class KvSessionStore implements SessionStore {

    private static final Logger log = LoggerFactory.getLogger(KvSessionStore.class);

    private final KeyValueStore store;
    private final String collection;
    private final Duration ttl;
    private final long touchEveryNanos;
    private final int eventLogSize;
    private final ConcurrentHashMap<String, SessionRecord> held = new ConcurrentHashMap<>();
    /** Session id → System.nanoTime() of the last write of its record. */
    private final ConcurrentHashMap<String, Long> written = new ConcurrentHashMap<>();

    /** Most events in one {@code putMany}. */
    static final int MAX_BATCH = 256;
    /** A session's head is written with every this many events; {@link #head} probes twice as far. */
    static final int HEAD_EVERY = 16;

    private record Pending(String sessionId, long seq, String json, MonoSink<Void> sink) {
    }

    /** The head this store last wrote for a session, and when ({@link System#nanoTime()}). */
    private record Head(long seq, long at) {
    }

    private final Duration headTtl;
    private final long headEveryNanos;
    /** Session id → its head as last written here; only sessions held here, read and written by the batch loop. */
    private final ConcurrentHashMap<String, Head> heads = new ConcurrentHashMap<>();

    // the group commit; guarded by "batch"
    private final Object batch = new Object();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean writing;
    /** Drain-loop guard: a store answering during {@code subscribe} re-enters {@link #flush()} without recursion. */
    private final AtomicInteger flushes = new AtomicInteger();

    KvSessionStore(KeyValueStore store, String collection, Duration ttl, int eventLogSize) {
        this.store = store;
        this.collection = collection;
        this.ttl = ttl;
        this.touchEveryNanos = ttl.toNanos() / 8;
        this.eventLogSize = eventLogSize;
        this.headEveryNanos = ttl.toNanos() / 16;
        this.headTtl = ttl.plus(ttl.dividedBy(8));
    }

    @Override
    public Mono<Void> create(String sessionId, SessionRecord record) {
        held.put(sessionId, record);
        return write(sessionId);
    }

    @Override
    public Mono<SessionRecord> load(String sessionId) {
        return store.get(collection, recordKey(sessionId)).map(json -> {
            SessionRecord r = SessionRecord.fromJson(json);
            held.put(sessionId, r);
            written.put(sessionId, System.nanoTime());
            return r;
        });
    }

    @Override
    public Mono<Void> update(String sessionId, UnaryOperator<SessionRecord> change) {
        return Mono.defer(() -> held.computeIfPresent(sessionId, (id, r) -> change.apply(r)) == null ? Mono.empty()
                : write(sessionId));
    }

    @Override
    public Mono<Void> touch(String sessionId) {
        return Mono.defer(() -> {
            Long last = written.get(sessionId);
            return last != null && System.nanoTime() - last < touchEveryNanos ? Mono.empty() : write(sessionId);
        });
    }

    @Override
    public void forget(String sessionId) {
        held.remove(sessionId);
        written.remove(sessionId);
        heads.remove(sessionId);
    }

    @Override
    public Mono<Void> delete(String sessionId) {
        forget(sessionId);
        return head(sessionId).flatMap(head -> {
            List<String> keys = new ArrayList<>(List.of(recordKey(sessionId), headKey(sessionId)));
            for (long seq = Math.max(1, head - eventLogSize + 1); seq <= head; seq++) {
                keys.add(eventKey(sessionId, seq));
            }
            return store.deleteMany(collection, keys);
        }).then();
    }

    @Override
    public Mono<Void> append(String sessionId, long seq, String json) {
        if (eventLogSize == 0) {
            return Mono.empty();
        }
        return Mono.create(sink -> {
            synchronized (batch) {
                waiting.add(new Pending(sessionId, seq, json, sink));
            }
            flush();
        });
    }

    /**
     * Holds the flush while {@code fanOut} runs (it takes the drain loop's turn, so its appends only count as missed
     * work), then flushes what it appended as one batch. If another thread holds the loop, that one flushes.
     */
    @Override
    public void batch(Runnable fanOut) {
        if (flushes.getAndIncrement() != 0) {
            fanOut.run();
            return;
        }
        try {
            fanOut.run();
        } finally {
            drain(1);
        }
    }

    /** Starts the next batch unless one is in flight; loops rather than recurses when a write completes at once. */
    private void flush() {
        if (flushes.getAndIncrement() == 0) {
            drain(1);
        }
    }

    private void drain(int missedAtStart) {
        int missed = missedAtStart;
        do {
            List<Pending> events = null;
            synchronized (batch) {
                if (!writing && !waiting.isEmpty()) {
                    writing = true;
                    events = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
                    while (!waiting.isEmpty() && events.size() < MAX_BATCH) {
                        events.add(waiting.poll());
                    }
                }
            }
            if (events != null) {
                write(events);
            }
            missed = flushes.addAndGet(-missed);
        } while (missed != 0);
    }

    private void write(List<Pending> events) {
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        Map<String, Long> last = new HashMap<>();
        List<String> trimmed = new ArrayList<>();
        // the fan-out of one change logs one text (the same String) for every session: its value is made and
        // checked once (a canonical value passes the store's copy as it is), not once per session
        Map<String, Map<String, Object>> values = new IdentityHashMap<>();
        for (Pending p : events) {
            entries.put(eventKey(p.sessionId(), p.seq()),
                    values.computeIfAbsent(p.json(), json -> JsonValues.copyObject(Map.of("m", json))));
            last.merge(p.sessionId(), p.seq(), Math::max); // two streams of one session may both be in a batch
            long old = p.seq() - eventLogSize;
            if (old > 0) {
                trimmed.add(eventKey(p.sessionId(), old));
            }
        }
        Map<String, Map<String, Object>> headEntries = heads(last);
        Mono<Void> put = store.putMany(collection, entries, ttl);
        if (!headEntries.isEmpty()) {
            put = Mono.when(put, store.putMany(collection, headEntries, headTtl));
        }
        put.subscribe(null, e -> {
            last.keySet().forEach(heads::remove); // whatever landed, the next batch writes these heads again
            written(events, e);
        }, () -> {
            if (!trimmed.isEmpty()) {
                store.deleteMany(collection, trimmed).subscribe(null,
                        e -> log.debug("trimming {} session event logs: {}", trimmed.size(), e.toString()));
            }
            written(events, null);
        });
    }

    /** The heads this batch must write: for sessions new here, {@link #HEAD_EVERY} events on, or old. */
    private Map<String, Map<String, Object>> heads(Map<String, Long> last) {
        Map<String, Map<String, Object>> entries = new HashMap<>();
        long now = System.nanoTime();
        last.forEach((id, seq) -> {
            Head h = heads.get(id);
            if (h == null || seq - h.seq() >= HEAD_EVERY || now - h.at() >= headEveryNanos) {
                entries.put(headKey(id), Map.of("seq", seq));
                if (held.containsKey(id)) { // not for a session forgotten meanwhile: its entry would stay
                    heads.put(id, new Head(seq, now));
                }
            }
        });
        return entries;
    }

    /**
     * Answers the batch's senders, then lets the next batch go: the events their sessions send next (the next
     * pending notification of each) have joined the queue by then, and leave together.
     */
    private void written(List<Pending> events, @Nullable Throwable error) {
        for (Pending p : events) {
            if (error == null) {
                p.sink().success();
            } else {
                p.sink().error(error);
            }
        }
        synchronized (batch) {
            writing = false;
        }
        flush();
    }

    /** The stored head, then the events after it (two round trips): the last one found is the last event. */
    @Override
    public Mono<Long> head(String sessionId) {
        return store.get(collection, headKey(sessionId))
                .map(m -> m.get("seq") instanceof Number n ? n.longValue() : 0L)
                .defaultIfEmpty(0L)
                .flatMap(head -> {
                    if (eventLogSize == 0) {
                        return Mono.just(head);
                    }
                    List<String> keys = new ArrayList<>(2 * HEAD_EVERY);
                    for (long seq = head + 1; seq <= head + 2 * HEAD_EVERY; seq++) {
                        keys.add(eventKey(sessionId, seq));
                    }
                    return store.getMany(collection, keys).filter(l -> l.entry() != null)
                            .map(l -> seqOf(l.key())).reduce(head, Math::max);
                });
    }

    @Override
    public Flux<StoredEvent> after(String sessionId, long lastSeq, long head) {
        List<String> keys = new ArrayList<>();
        for (long seq = Math.max(lastSeq + 1, head - eventLogSize + 1); seq <= head; seq++) {
            keys.add(eventKey(sessionId, seq));
        }
        return keys.isEmpty() ? Flux.empty() : store.getMany(collection, keys)
                .filter(l -> l.entry() != null && l.entry().value().get("m") instanceof String)
                .map(l -> new StoredEvent(seqOf(l.key()), (String) l.entry().value().get("m")));
    }

    @Override
    public int eventLogSize() {
        return eventLogSize;
    }

    private Mono<Void> write(String sessionId) {
        return Mono.defer(() -> {
            SessionRecord r = held.get(sessionId);
            if (r == null) {
                return Mono.empty();
            }
            written.put(sessionId, System.nanoTime());
            return store.put(collection, recordKey(sessionId), r.toJson(), ttl);
        });
    }

    private static String recordKey(String sessionId) {
        return "s/" + sessionId;
    }

    private static String headKey(String sessionId) {
        return "h/" + sessionId;
    }

    private static String eventKey(String sessionId, long seq) {
        return "e/" + sessionId + "/" + seq;
    }

    private static long seqOf(String eventKey) {
        return Long.parseLong(eventKey.substring(eventKey.lastIndexOf('/') + 1));
    }
}
