package dev.reactivekv.mcp.internal.transport;

import java.io.IOException;
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
import reactor.core.scheduler.Scheduler;

/**
 * A session's listening stream whose events carry ids and are logged before they are written, so that a client
 * reconnecting with {@code Last-Event-ID} (to this or another instance) gets what it missed.
 *
 * <p>Messages leave in the order they were sent: each is given the next id of the session's counter, appended to
 * the {@link SessionStore} log, then handed to the underlying {@link StreamTransport} (whose contract the returned
 * {@code Mono} keeps: it completes when the connection took the message). A message whose log write fails is still
 * written (it just cannot be replayed). At most {@code capacity} messages wait here; beyond, sends fail.
 */
final class LoggedStream implements McpStreamableServerTransport {

    private static final Logger log = LoggerFactory.getLogger(LoggedStream.class);

    private record Waiting(McpSchema.JSONRPCMessage message, MonoSink<Void> sink) {
    }

    private final StreamTransport out;
    private final String sessionId;
    private final SessionStore store;
    private final AtomicLong counter;
    private final McpJsonMapper mapper;
    private final int capacity;
    private final Scheduler scheduler;

    // guarded by this
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private boolean busy;

    LoggedStream(StreamTransport out, String sessionId, SessionStore store, AtomicLong counter, McpJsonMapper mapper,
                 int capacity, Scheduler scheduler) {
        this.out = out;
        this.sessionId = sessionId;
        this.store = store;
        this.counter = counter;
        this.mapper = mapper;
        this.capacity = capacity;
        this.scheduler = scheduler;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    /** The SDK's message id is replaced by the session's event id. */
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, @Nullable String ignored) {
        return Mono.create(sink -> {
            boolean overflow;
            synchronized (this) {
                overflow = queue.size() >= capacity;
                if (!overflow) {
                    queue.add(new Waiting(message, sink));
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
        String json;
        try {
            json = mapper.writeValueAsString(w.message());
        } catch (IOException e) {
            w.sink().error(new McpTransportException("cannot serialise message", e));
            done();
            return;
        }
        long seq = counter.incrementAndGet();
        store.append(sessionId, seq, json)
                .onErrorResume(e -> {
                    log.warn("event {} of session {} not logged (it cannot be replayed): {}", seq, sessionId, e.toString());
                    return Mono.empty();
                })
                .publishOn(scheduler) // the store answers on its event loop; JSON and the next message go elsewhere
                .subscribe(null, null, () -> {
                    out.sendMessage(w.message(), Long.toString(seq)).subscribe(null, w.sink()::error, () -> {
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

    @Override
    public Mono<Void> closeGracefully() {
        return out.closeGracefully();
    }

    @Override
    public void close() {
        out.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return out.unmarshalFrom(data, typeRef);
    }
}
