package dev.reactivekv.mcp.internal.transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The SDK's {@link StdioServerTransportProvider} (newline-delimited JSON-RPC on stdin/stdout), with a
 * {@link RequestInterceptor} in front of the SDK's request handlers.
 *
 * <p>In stdio mode stdout carries only protocol messages: the application must send its logs to stderr.
 */
public final class InterceptingStdioServerTransportProvider implements McpServerTransportProvider {

    private final StdioServerTransportProvider delegate;
    private final RequestInterceptor interceptor;
    private final Sinks.One<InterceptingServerSession> session = Sinks.one();

    public InterceptingStdioServerTransportProvider(McpJsonMapper mapper, InputStream in, OutputStream out,
                                                    RequestInterceptor interceptor) {
        this.delegate = new StdioServerTransportProvider(mapper, in, out);
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
    }

    /** On the process's own stdin and stdout. */
    public InterceptingStdioServerTransportProvider(McpJsonMapper mapper, RequestInterceptor interceptor) {
        this(mapper, System.in, System.out, interceptor);
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        delegate.setSessionFactory(transport -> {
            InterceptingServerSession s = new InterceptingServerSession(sessionFactory.create(transport), transport,
                    interceptor);
            session.tryEmitValue(s);
            return s;
        });
    }

    /** The id of the one session, once the server has been built. */
    public @Nullable String sessionId() {
        InterceptingServerSession s = session.asMono().toFuture().getNow(null);
        return s == null ? null : s.getId();
    }

    /** Completes when the client closed its end (stdin reached end of input) or the server closed. */
    public Mono<Void> onClose() {
        return session.asMono().flatMap(InterceptingServerSession::onClose);
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return delegate.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return delegate.notifyClient(sessionId, method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
