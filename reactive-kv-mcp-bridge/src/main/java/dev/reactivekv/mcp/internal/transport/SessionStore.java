package dev.reactivekv.mcp.internal.transport;

import java.util.function.UnaryOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the Streamable HTTP transport keeps what outlives one process: each session's {@link SessionRecord} and
 * a bounded log of the events written on its listening stream. With a shared backend, any instance can take over
 * a session another one started (after a restart, or behind a load balancer).
 *
 * <p>Every method is non-blocking and never throws; failures arrive as {@code onError}. Records and events expire
 * when the session has been idle for the store's time to live; {@link #touch} refreshes it.
 */
public interface SessionStore {

    /** Keeps nothing: sessions live in memory only, events carry ids but cannot be replayed. */
    SessionStore NONE = new SessionStore() {
        @Override
        public Mono<Void> create(String sessionId, SessionRecord record) {
            return Mono.empty();
        }

        @Override
        public Mono<SessionRecord> load(String sessionId) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> update(String sessionId, UnaryOperator<SessionRecord> change) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> touch(String sessionId) {
            return Mono.empty();
        }

        @Override
        public void forget(String sessionId) {
        }

        @Override
        public Mono<Void> delete(String sessionId) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> append(String sessionId, long seq, String json) {
            return Mono.empty();
        }

        @Override
        public Mono<Long> head(String sessionId) {
            return Mono.just(0L);
        }

        @Override
        public Flux<StoredEvent> after(String sessionId, long lastSeq, long head) {
            return Flux.empty();
        }

        @Override
        public int eventLogSize() {
            return 0;
        }
    };

    /** One logged event of a session's listening stream: its SSE id and the JSON-RPC message. */
    record StoredEvent(long seq, String json) {
    }

    /** Stores the record of a new session (this instance now holds it). */
    Mono<Void> create(String sessionId, SessionRecord record);

    /** Emits the stored record (this instance now holds the session), or completes empty when unknown or expired. */
    Mono<SessionRecord> load(String sessionId);

    /** Applies a change to the record of a session this instance holds and stores it; nothing for other sessions. */
    Mono<Void> update(String sessionId, UnaryOperator<SessionRecord> change);

    /** The session is active: refresh its time to live (implementations may write at most every few minutes). */
    Mono<Void> touch(String sessionId);

    /** This instance no longer holds the session (shutdown, local idle expiry); the stored record stays. */
    void forget(String sessionId);

    /** The session ended (client {@code DELETE}): removes its record and events. */
    Mono<Void> delete(String sessionId);

    /** Logs event {@code seq} (ids grow by one per event) and drops the ones older than {@link #eventLogSize()}. */
    Mono<Void> append(String sessionId, long seq, String json);

    /**
     * Runs {@code fanOut} (which may {@link #append} to many sessions' logs) and lets the appends it made leave
     * together when it returns, rather than the first alone and the rest after it: one store round trip for the
     * fan-out of one change. Never blocks; by default it just runs it.
     */
    default void batch(Runnable fanOut) {
        fanOut.run();
    }

    /** The id of the last logged event, 0 when none. */
    Mono<Long> head(String sessionId);

    /**
     * The logged events after {@code lastSeq} up to {@code head} (what {@link #head} answered), oldest first (at
     * most {@link #eventLogSize()}).
     */
    Flux<StoredEvent> after(String sessionId, long lastSeq, long head);

    /** How many events per session the log keeps. */
    int eventLogSize();
}
