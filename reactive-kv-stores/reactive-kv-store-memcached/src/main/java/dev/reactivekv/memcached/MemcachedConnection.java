package dev.reactivekv.memcached;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.reactivekv.error.StoreClosedException;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import io.netty.channel.ChannelOption;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

/**
 * One pipelined TCP connection to a memcached server, opened on first use and opened again on the
 * next request after it is lost (server restarted, network reset). Requests from any thread are
 * written in the order they reach the connection's single event-loop thread and answered in that
 * order ({@link RequestPipeline}); a caller never waits for another caller's answer to be read
 * before its own request is sent.
 *
 * <p>Every request completes within the command timeout: with its frames, with
 * {@link StoreUnavailableException} when the server cannot be reached or the connection is lost
 * before the answer, or with {@link StoreTimeoutException}. Signals arrive on the event-loop
 * thread ({@code rkv-memcached-*}), or on a {@code parallel} thread for a timeout.
 */
final class MemcachedConnection {

    private final String server;
    private final Duration timeout;
    private final LoopResources loops;
    private final Mono<Connection> shared;
    private final AtomicReference<@Nullable Connection> latest = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder requestsWritten = new LongAdder();

    MemcachedConnection(InetSocketAddress address, Duration connectTimeout, Duration timeout) {
        this.server = address.getHostString() + ":" + address.getPort();
        this.timeout = timeout;
        this.loops = LoopResources.create("rkv-memcached", 1, true);
        TcpClient tcp = TcpClient.newConnection()
                .runOn(loops, false)
                .remoteAddress(() -> address)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .doOnChannelInit((observer, channel, remote) -> channel.pipeline()
                        .addFirst("rkv-memcached-pipeline", new RequestPipeline(server))
                        .addFirst("rkv-memcached-decoder", new MetaDecoder())
                        // requests issued while the event loop answers others leave in one write
                        .addFirst("rkv-memcached-flush", new FlushConsolidationHandler(256, true)));
        // one connect shared by concurrent callers; forgotten once that connection closes, and never
        // cached when it fails, so the next request after an outage connects again
        this.shared = Mono.defer(tcp::connect)
                .<Connection>map(c -> c)
                .doOnNext(this::adopt)
                .onErrorMap(e -> !(e instanceof StoreClosedException), e -> new StoreUnavailableException(
                        "Cannot connect to memcached at " + server + ": " + e.getMessage(), e))
                .cacheInvalidateWhen(Connection::onDispose, Connection::dispose);
    }

    /** Connects now; used by the builder to fail fast. */
    Mono<Void> connect() {
        return shared.then();
    }

    /** Sends the request and emits its frames (those before {@code MN}). */
    Mono<List<MetaResponse>> execute(MetaRequest request) {
        return shared
                .flatMap(c -> Mono.<List<MetaResponse>>create(sink -> {
                    request.subscribe(sink);
                    requestsWritten.increment();
                    c.channel().writeAndFlush(request).addListener(f -> {
                        if (!f.isSuccess()) {
                            request.fail(new StoreUnavailableException("Could not send " + request.description()
                                    + " to memcached at " + server + ": " + f.cause(), f.cause()));
                        }
                    });
                }))
                .timeout(timeout, Mono.error(() -> new StoreTimeoutException("memcached at " + server
                        + " did not answer " + request.description() + " within " + timeout
                        + "; a write may or may not have been applied")));
    }

    /** Requests written so far (each a single write of one or more pipelined commands). */
    long requestsWritten() {
        return requestsWritten.sum();
    }

    String server() {
        return server;
    }

    /** Closes the connection and releases the event-loop thread, without waiting. Idempotent. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            Connection c = latest.getAndSet(null);
            if (c != null) {
                c.dispose();
            }
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).subscribe(null, e -> { });
        }
    }

    private void adopt(Connection c) {
        // Reactor Netty turns auto-read off and reads on its inbound's demand; frames never reach its
        // inbound (RequestPipeline consumes them), so the socket is read whenever data comes instead
        c.channel().config().setAutoRead(true);
        latest.set(c);
        if (closed.get()) {
            // closed while this connection was being opened: do not keep it
            c.dispose();
            throw new StoreClosedException("Store is closed");
        }
    }
}
