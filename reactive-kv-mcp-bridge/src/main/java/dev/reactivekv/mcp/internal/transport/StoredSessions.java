package dev.reactivekv.mcp.internal.transport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The transport's side of {@link SessionStore}: records a session when it is initialised, rebuilds an SDK session
 * from a stored record, numbers and logs the events of listening streams, and replays them on
 * {@code Last-Event-ID}.
 *
 * <p>The SDK cannot rebuild a session under its old id: {@link McpStreamableServerSession.Factory#startSession} is
 * the only way to get a session wired to the server's handlers, and it draws a new random id. A restored session
 * is therefore a fresh SDK session started with the stored {@code initialize} parameters, held under the client's
 * old id; the SDK's own id of it is never shown to the client (see docs/mcp.md).
 */
final class StoredSessions {

    private static final Logger log = LoggerFactory.getLogger(StoredSessions.class);

    /** A session rebuilt from the store, and its subscriptions to re-attach. */
    record Restored(McpStreamableServerSession session, List<String> subscriptions) {
    }

    /** What a new listening stream starts with: the missed events, and whether older ones were lost. */
    record Replay(List<SessionStore.StoredEvent> events, boolean gap) {
    }

    private final SessionStore store;
    private final McpJsonMapper mapper;
    /** Session id → the id of its last event on this instance. */
    private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

    StoredSessions(SessionStore store, McpJsonMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    SessionStore store() {
        return store;
    }

    Mono<Void> created(String sessionId, McpSchema.InitializeRequest init, String protocolVersion) {
        Map<String, Object> params = mapper.convertValue(init, new TypeRef<Map<String, Object>>() {
        });
        return store.create(sessionId, new SessionRecord(params, protocolVersion, null, List.of()));
    }

    /**
     * Rebuilds a session from its stored record with the server's session factory; empty when the store does not
     * know the id. Runs the factory on {@code scheduler} (it draws a random UUID: not on an event loop).
     */
    Mono<Restored> restore(String sessionId, McpStreamableServerSession.Factory factory, Scheduler scheduler) {
        return store.load(sessionId).publishOn(scheduler).map(record -> {
            McpSchema.InitializeRequest init = mapper.convertValue(record.initialize(),
                    new TypeRef<McpSchema.InitializeRequest>() {
                    });
            McpStreamableServerSession session = factory.startSession(init).session();
            if (record.logLevel() != null) {
                McpSchema.LoggingLevel level = level(record.logLevel());
                if (level != null) {
                    session.setMinLoggingLevel(level);
                }
            }
            log.info("session {} restored from the store ({} subscriptions)", sessionId, record.subscriptions().size());
            return new Restored(session, record.subscriptions());
        });
    }

    /**
     * Prepares a new listening stream: continues the session's event ids after the last logged one, and reads the
     * events after {@code lastEventId} (null or unparsable: none).
     */
    Mono<Replay> open(String sessionId, @Nullable String lastEventId) {
        AtomicLong counter = counter(sessionId);
        Long last = parse(lastEventId);
        return store.head(sessionId).flatMap(head -> {
            counter.accumulateAndGet(head, Math::max);
            if (last == null || last >= head) {
                return Mono.just(new Replay(List.of(), false));
            }
            boolean gap = head - last > store.eventLogSize();
            Flux<SessionStore.StoredEvent> events = store.after(sessionId, last, head);
            return events.collectList().map(list -> new Replay(list, gap || (list.isEmpty() ? head > last
                    : list.get(0).seq() != last + 1)));
        });
    }

    /** Wraps the transport of a listening stream so its events are numbered and logged. */
    LoggedStream logged(StreamTransport transport, String sessionId, int capacity) {
        return new LoggedStream(transport, sessionId, store, counter(sessionId), mapper, capacity);
    }

    Mono<Void> touch(String sessionId) {
        return store.touch(sessionId);
    }

    /** This instance drops the session; its record stays for another instance or a restart. */
    void forget(String sessionId) {
        counters.remove(sessionId);
        store.forget(sessionId);
    }

    /** The client ended the session. */
    Mono<Void> delete(String sessionId) {
        counters.remove(sessionId);
        return store.delete(sessionId);
    }

    private AtomicLong counter(String sessionId) {
        return counters.computeIfAbsent(sessionId, id -> new AtomicLong());
    }

    private static @Nullable Long parse(@Nullable String id) {
        if (id == null) {
            return null;
        }
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static McpSchema.@Nullable LoggingLevel level(String name) {
        for (McpSchema.LoggingLevel l : McpSchema.LoggingLevel.values()) {
            if (l.name().equalsIgnoreCase(name)) {
                return l;
            }
        }
        return null;
    }
}
