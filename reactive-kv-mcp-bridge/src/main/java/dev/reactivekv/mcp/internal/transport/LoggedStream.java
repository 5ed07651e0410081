package dev.reactivekv.mcp.internal.transport;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpTransportException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A session's listening stream whose events carry ids and are logged before they are written, so that a client
 * reconnecting with {@code Last-Event-ID} (to this or another instance) gets what it missed.
 *
 * <p>Messages leave in the order they were sent: each is given the next id of the session's counter, appended to
 * the {@link SessionStore} log, then handed to the underlying {@link StreamTransport} (whose contract the returned
 * {@code Mono} keeps: it completes when the connection took the message). A message whose log write fails is still
 * written (it just cannot be replayed). At most {@code capacity} messages wait here; beyond, sends fail. After the
 * stream closed, messages are still numbered and logged before the closed transport drops them: a client that
 * reconnects with {@code Last-Event-ID} gets them from the log.
 *
 * <p>No thread hop: a message is serialised on the sender's thread (once, for a {@link PreparedMessage}), and what
 * follows a log write runs where the store answered; nothing after it blocks (a queue, then Netty's write).
 */
final class LoggedStream implements McpStreamableServerTransport {

    private static final Logger log = LoggerFactory.getLogger(LoggedStream.class);

    private record Waiting(McpSchema.JSONRPCMessage message, String json, byte @Nullable [] utf8, MonoSink<Void> sink) {
    }

    private final StreamTransport out;
    private final String sessionId;
    private final SessionStore store;
    private final AtomicLong counter;
    private final McpJsonMapper mapper;
    private final int capacity;

    // guarded by this
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean closed; // only for logging

    LoggedStream(StreamTransport out, String sessionId, SessionStore store, AtomicLong counter, McpJsonMapper mapper,
                 int capacity) {
        this.out = out;
        this.sessionId = sessionId;
        this.store = store;
        this.counter = counter;
        this.mapper = mapper;
        this.capacity = capacity;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    /** The SDK's message id is replaced by the session's event id. */
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, @Nullable String ignored) {
        return Mono.defer(() -> send(message, StreamTransport.serialise(mapper, message), null));
    }

    /** Sends a message serialised beforehand (the fan-out of one change to many sessions). */
    Mono<Void> send(PreparedMessage prepared) {
        return send(prepared.message(), prepared.json(), prepared.utf8());
    }

    private Mono<Void> send(McpSchema.JSONRPCMessage message, String json, byte @Nullable [] utf8) {
        return Mono.create(sink -> {
            boolean overflow;
            synchronized (this) {
                overflow = queue.size() >= capacity;
                if (!overflow) {
                    queue.add(new Waiting(message, json, utf8, sink));
                }
            }
            if (overflow) {
                sink.error(new McpTransportException("stream overflow: client too slow"));
                out.abort();
                return;
            }
            next();
        });
    }

    private void next() {
        Waiting w;
        synchronized (this) {
            if (busy || queue.isEmpty()) {
                return;
            }
            busy = true;
            w = queue.poll();
        }
        long seq = counter.incrementAndGet();
        store.append(sessionId, seq, w.json())
                .onErrorResume(e -> {
                    if (isClosed()) {
                        log.debug("event {} of closed session stream {} not logged: {}", seq, sessionId, e.toString());
                    } else {
                        log.warn("event {} of session {} not logged (it cannot be replayed): {}", seq, sessionId,
                                e.toString());
                    }
                    return Mono.empty();
                })
                .subscribe(null, null, () -> {
                    out.send(w.message(), w.json(), w.utf8(), Long.toString(seq)).subscribe(null, w.sink()::error, () -> {
                        LatencyProbe.written(sessionId, w.message());
                        w.sink().success();
                    });
                    done();
                });
    }

    private void done() {
        synchronized (this) {
            busy = false;
        }
        next();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.defer(() -> {
            markClosed();
            return out.closeGracefully();
        });
    }

    @Override
    public void close() {
        markClosed();
        out.close();
    }

    /** Only for the log level of a failed log write: expected while the server and its store shut down. */
    private synchronized void markClosed() {
        closed = true;
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return out.unmarshalFrom(data, typeRef);
    }
}
