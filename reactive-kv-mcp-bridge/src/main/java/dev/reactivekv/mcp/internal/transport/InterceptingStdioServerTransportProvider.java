package dev.reactivekv.mcp.internal.transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * MCP over stdio (newline-delimited JSON-RPC on an input and an output stream) for the one session of a process,
 * with a {@link RequestInterceptor} in front of the SDK's request handlers. Replaces the SDK's stdio provider,
 * which ends the session (exit code 0) on the first unreadable line: here a malformed or oversized message is
 * answered with a JSON-RPC error and the session goes on (see {@link StdioSessionTransport}).
 *
 * <p>In stdio mode stdout carries only protocol messages: the application must send its logs to stderr.
 */
public final class InterceptingStdioServerTransportProvider implements McpServerTransportProvider {

    private final McpJsonMapper mapper;
    private final InputStream in;
    private final OutputStream out;
    private final int maxMessageBytes;
    private final RequestInterceptor interceptor;
    private final Sinks.One<StdioSessionTransport> started = Sinks.one();
    private volatile @Nullable InterceptingServerSession session;

    /**
     * @param maxMessageBytes the longest line read as a message; a longer one is skipped and answered with an error
     */
    public InterceptingStdioServerTransportProvider(McpJsonMapper mapper, InputStream in, OutputStream out,
                                                    int maxMessageBytes, RequestInterceptor interceptor) {
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + maxMessageBytes);
        }
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.maxMessageBytes = maxMessageBytes;
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        StdioSessionTransport transport = new StdioSessionTransport(mapper, in, out, maxMessageBytes);
        InterceptingServerSession s = new InterceptingServerSession(sessionFactory.create(transport), transport,
                interceptor);
        session = s;
        transport.ended().doFinally(signal -> s.close()).subscribe(null, e -> { });
        transport.start(s::handle);
        started.tryEmitValue(transport);
    }

    /** The id of the one session, once the server has been built. */
    public @Nullable String sessionId() {
        InterceptingServerSession s = session;
        return s == null ? null : s.getId();
    }

    /**
     * Completes when the client closed its end (end of input, after answering what was read) or the server closed;
     * fails when the transport cannot go on (stdin or stdout failed).
     */
    public Mono<Void> onClose() {
        return started.asMono().flatMap(StdioSessionTransport::ended);
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        InterceptingServerSession s = session;
        return s == null ? Mono.error(new IllegalStateException("No session to notify")) : s.sendNotification(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return Mono.defer(() -> {
            InterceptingServerSession s = session;
            if (s == null || !s.getId().equals(sessionId)) {
                return Mono.error(new IllegalStateException("No session " + sessionId));
            }
            return s.sendNotification(method, params);
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        InterceptingServerSession s = session;
        return s == null ? Mono.empty() : s.closeGracefully();
    }
}
