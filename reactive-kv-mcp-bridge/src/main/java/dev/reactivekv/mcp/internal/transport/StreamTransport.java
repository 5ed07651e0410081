package dev.reactivekv.mcp.internal.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpTransportException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * One server-to-client message stream of a session: the response stream of one POST, or the GET
 * listening stream. Messages wait in a bounded queue and leave it only as fast as the HTTP connection
 * asks for them (Reactor Netty requests more only while the socket is writable).
 *
 * <p>Contract of {@link #sendMessage}: the returned {@code Mono} completes when the connection has
 * taken the message for writing (or at once when the stream is already closed: the message is dropped).
 * It fails with {@link McpTransportException} when the queue is full or the message waited longer than the
 * send timeout; in both cases the stream is aborted (its connection closed), so a slow or dead client
 * costs at most {@code capacity} queued messages and never blocks the caller.
 */
final class StreamTransport implements McpStreamableServerTransport {

    private static final Logger log = LoggerFactory.getLogger(StreamTransport.class);

    /** A serialised message waiting for the connection; {@code utf8}: its JSON as UTF-8 when known (shared). */
    record Outgoing(McpSchema.JSONRPCMessage message, String json, byte @Nullable [] utf8, @Nullable String eventId,
                    MonoSink<Void> taken) {
    }

    private final McpJsonMapper mapper;
    private final String label;
    private final int capacity;
    private final Duration sendTimeout;
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private final Flux<Outgoing> outbound;

    // all guarded by "this"
    private @Nullable FluxSink<Outgoing> emitter;
    private boolean closed;
    private boolean completeWhenDrained;
    private boolean draining;
    private boolean missed;
    private @Nullable Runnable onAbort;

    StreamTransport(McpJsonMapper mapper, String label, int capacity, Duration sendTimeout) {
        this.mapper = mapper;
        this.label = label;
        this.capacity = capacity;
        this.sendTimeout = sendTimeout;
        this.outbound = Flux.<Outgoing>create(sink -> {
            synchronized (this) {
                if (emitter != null) {
                    sink.error(new IllegalStateException("stream already subscribed: " + label));
                    return;
                }
                emitter = sink;
            }
            sink.onRequest(n -> drain());
            sink.onDispose(this::abort);
            drain();
        });
    }

    /** The messages, for exactly one subscriber (the HTTP response writer). */
    Flux<Outgoing> outbound() {
        return outbound;
    }

    /** Runs when the stream is aborted (overflow, timeout, disconnect). Set before subscribing. */
    synchronized void onAbort(Runnable action) {
        this.onAbort = action;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, @Nullable String messageId) {
        return Mono.defer(() -> send(message, serialise(mapper, message), null, messageId));
    }

    /** The message's JSON text; fails with {@link McpTransportException} when the mapper cannot write it. */
    static String serialise(McpJsonMapper mapper, McpSchema.JSONRPCMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (IOException e) {
            throw new McpTransportException("cannot serialise message", e);
        }
    }

    /**
     * As {@link #sendMessage(McpSchema.JSONRPCMessage, String)} with the message already serialised. The send timeout
     * is armed only for a message that has to wait in the queue: one the connection takes at once (the usual case)
     * costs no timer.
     */
    Mono<Void> send(McpSchema.JSONRPCMessage message, String json, byte @Nullable [] utf8, @Nullable String eventId) {
        return Mono.create(taken -> {
            Outgoing o = new Outgoing(message, json, utf8, eventId, taken);
            boolean overflow = false;
            synchronized (this) {
                if (closed) {
                    log.debug("dropping message for closed stream {}", label);
                    taken.success();
                    return;
                }
                if (queue.size() >= capacity) {
                    overflow = true;
                } else {
                    queue.add(o);
                }
            }
            if (overflow) {
                log.warn("stream {} overflowed ({} queued messages): closing it", label, capacity);
                abort();
                taken.error(new McpTransportException("stream overflow: client too slow"));
                return;
            }
            drain();
            boolean waiting;
            synchronized (this) {
                waiting = queued(o, false);
            }
            if (waiting) {
                // never cancelled, it finds the message taken: a cancel removes the timer from the scheduler's
                // queue under a lock, which on a Netty event loop BlockHound reports when it is contended — and its
                // error, thrown from inside the lock's acquire, leaves the lock's queue broken, so that the
                // parallel worker never runs a task again (seen as a timer that never fired)
                Schedulers.parallel().schedule(() -> timedOut(o), sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * Whether {@code o} itself (not an equal record) still waits, removing it if asked. The queue is short: at most
     * {@code capacity}, usually empty. Guarded by this.
     */
    private boolean queued(Outgoing o, boolean remove) {
        for (java.util.Iterator<Outgoing> it = queue.iterator(); it.hasNext(); ) {
            if (it.next() == o) {
                if (remove) {
                    it.remove();
                }
                return true;
            }
        }
        return false;
    }

    /** {@code o} waited longer than the send timeout: the client is too slow, its stream is closed. */
    private void timedOut(Outgoing o) {
        synchronized (this) {
            if (!queued(o, true)) {
                return; // taken meanwhile
            }
        }
        log.warn("stream {}: client did not take a message within {}: closing it", label, sendTimeout);
        abort();
        o.taken().error(new McpTransportException("send timeout: client too slow"));
    }

    private void drain() {
        synchronized (this) {
            if (draining) {
                missed = true;
                return;
            }
            draining = true;
        }
        for (;;) {
            Outgoing next = null;
            boolean complete = false;
            FluxSink<Outgoing> sink;
            synchronized (this) {
                sink = emitter;
                if (sink != null && !queue.isEmpty() && sink.requestedFromDownstream() > 0) {
                    next = queue.poll();
                } else if (sink != null && queue.isEmpty() && completeWhenDrained) {
                    complete = true;
                    completeWhenDrained = false;
                }
                if (next == null && !complete) {
                    if (!missed) {
                        draining = false;
                        return;
                    }
                    missed = false;
                    continue;
                }
            }
            if (next != null) {
                sink.next(next);
                next.taken().success();
            } else {
                sink.complete();
            }
        }
    }

    /** Ends the stream after the queued messages have been written. */
    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                completeWhenDrained = true;
            }
            drain();
        });
    }

    @Override
    public void close() {
        closeGracefully().subscribe();
    }

    /** Drops what is queued, completes waiting senders and closes the connection. Idempotent. */
    void abort() {
        ArrayDeque<Outgoing> dropped;
        FluxSink<Outgoing> sink;
        Runnable hook;
        synchronized (this) {
            boolean first = !closed || onAbort != null;
            closed = true;
            completeWhenDrained = false;
            dropped = new ArrayDeque<>(queue);
            queue.clear();
            sink = emitter;
            hook = onAbort;
            onAbort = null;
            if (!first && dropped.isEmpty()) {
                return;
            }
        }
        dropped.forEach(o -> o.taken().success());
        if (sink != null) {
            sink.complete();
        }
        if (hook != null) {
            hook.run();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }

    @Override
    public String toString() {
        return "StreamTransport[" + label + "]";
    }
}
