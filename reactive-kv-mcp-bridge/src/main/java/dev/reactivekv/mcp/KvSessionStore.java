package dev.reactivekv.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.mcp.internal.transport.SessionRecord;
import dev.reactivekv.mcp.internal.transport.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link SessionStore} in one collection of a {@link KeyValueStore}, every entry expiring after the session idle
 * timeout: {@code s/ID} the record, {@code h/ID} the id of the last event, {@code e/ID/N} event N (the message as
 * JSON text). An event and the new head are written in one {@code putMany}; the event that falls out of the window
 * is deleted without waiting. Records of the sessions held here are cached, so that a change or a touch writes the
 * whole record without reading it first; with several instances the last writer wins.
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

    KvSessionStore(KeyValueStore store, String collection, Duration ttl, int eventLogSize) {
        this.store = store;
        this.collection = collection;
        this.ttl = ttl;
        this.touchEveryNanos = ttl.toNanos() / 8;
        this.eventLogSize = eventLogSize;
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
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        entries.put(eventKey(sessionId, seq), Map.of("m", json));
        entries.put(headKey(sessionId), Map.of("seq", seq));
        return store.putMany(collection, entries, ttl).doOnSuccess(v -> {
            long old = seq - eventLogSize;
            if (old > 0) {
                store.delete(collection, eventKey(sessionId, old))
                        .subscribe(null, e -> log.debug("trimming the log of session {}: {}", sessionId, e.toString()));
            }
        });
    }

    @Override
    public Mono<Long> head(String sessionId) {
        return store.get(collection, headKey(sessionId))
                .map(m -> m.get("seq") instanceof Number n ? n.longValue() : 0L)
                .defaultIfEmpty(0L);
    }

    @Override
    public Flux<StoredEvent> after(String sessionId, long lastSeq) {
        return head(sessionId).flatMapMany(head -> {
            List<String> keys = new ArrayList<>();
            for (long seq = Math.max(lastSeq + 1, head - eventLogSize + 1); seq <= head; seq++) {
                keys.add(eventKey(sessionId, seq));
            }
            return keys.isEmpty() ? Flux.empty() : store.getMany(collection, keys)
                    .filter(l -> l.entry() != null && l.entry().value().get("m") instanceof String)
                    .map(l -> new StoredEvent(seqOf(l.key()), (String) l.entry().value().get("m")));
        });
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
