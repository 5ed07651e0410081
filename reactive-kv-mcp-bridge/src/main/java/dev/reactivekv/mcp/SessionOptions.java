package dev.reactivekv.mcp;

import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Where Streamable HTTP sessions are kept beyond one process (see docs/mcp.md, "Sessions and deployment").
 *
 * <p>Each session's record (protocol version, client info and capabilities, log level, subscriptions) and the last
 * {@link #eventLogSize()} events of its listening stream live in the collection {@link #COLLECTION} of a key-value
 * store, expiring after the HTTP session idle timeout (refreshed while the session is active). Any instance on the
 * same store then accepts the session's id without a new {@code initialize} and replays missed events on
 * {@code Last-Event-ID}. The collection is never exposed through MCP.
 *
 * @param store        the store to keep sessions in; {@code null} for the served store
 * @param eventLogSize how many events per session can be replayed (0..10,000)
 * @param enabled      false: sessions live in this process only, as before (nothing is written)
 */
public record SessionOptions(@Nullable KeyValueStore store, int eventLogSize, boolean enabled) {

    /** The reserved collection; collections starting with {@link #RESERVED_PREFIX} are hidden from clients. */
    public static final String COLLECTION = "__rkv_mcp_sessions";
    public static final String RESERVED_PREFIX = "__rkv_mcp";

    public SessionOptions {
        if (eventLogSize < 0 || eventLogSize > 10_000) {
            throw new IllegalArgumentException("eventLogSize must be within 0..10000: " + eventLogSize);
        }
    }

    /** In the served store, 100 events per session. */
    public static SessionOptions defaults() {
        return new SessionOptions(null, 100, true);
    }

    /** Sessions in this process only: a restart forgets them and nothing can be replayed. */
    public static SessionOptions inMemoryOnly() {
        return new SessionOptions(null, 0, false);
    }

    /** Keeps sessions in another store than the served one (e.g. a Redis shared by every instance). */
    public SessionOptions withStore(KeyValueStore sessionStore) {
        return new SessionOptions(Objects.requireNonNull(sessionStore, "sessionStore"), eventLogSize, true);
    }

    public SessionOptions withEventLogSize(int events) {
        return new SessionOptions(store, events, enabled);
    }
}
