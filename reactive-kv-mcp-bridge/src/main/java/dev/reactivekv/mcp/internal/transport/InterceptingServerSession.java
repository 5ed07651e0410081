package dev.reactivekv.mcp.internal.transport;

import java.time.Duration;
import java.util.Map;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Wraps the SDK's session of a single-connection transport (stdio) so that a {@link RequestInterceptor}
 * sees every client request first. Everything else is delegated to the SDK's session unchanged; the
 * inherited state of the superclass is unused.
 */
final class InterceptingServerSession extends McpServerSession {

    private final McpServerSession delegate;
    private final McpServerTransport transport;
    private final RequestInterceptor interceptor;
    private final Sinks.Empty<Void> closed = Sinks.empty();

    InterceptingServerSession(McpServerSession delegate, McpServerTransport transport, RequestInterceptor interceptor) {
        super(delegate.getId(), Duration.ofSeconds(1), transport, null, Map.of(), Map.of());
        this.delegate = delegate;
        this.transport = transport;
        this.interceptor = interceptor;
    }

    /** Completes when the session has been closed (for stdio: end of input). */
    Mono<Void> onClose() {
        return closed.asMono();
    }

    @Override
    public Mono<Void> handle(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request) {
            Mono<Object> intercepted;
            try {
                intercepted = interceptor.intercept(getId(), request);
            } catch (RuntimeException e) {
                intercepted = Mono.error(e);
            }
            if (intercepted != null) {
                return intercepted
                        .map(result -> McpSchema.JSONRPCResponse.result(request.id(), result))
                        .defaultIfEmpty(McpSchema.JSONRPCResponse.result(request.id(), Map.of()))
                        .onErrorResume(e -> Mono.just(McpSchema.JSONRPCResponse.error(request.id(),
                                NettyStreamableHttpServerTransportProvider.rpcError(e))))
                        .flatMap(transport::sendMessage);
            }
        }
        return delegate.handle(message);
    }

    @Override
    public String getId() {
        return delegate.getId();
    }

    @Override
    public void init(McpSchema.ClientCapabilities clientCapabilities, McpSchema.Implementation clientInfo) {
        delegate.init(clientCapabilities, clientInfo);
    }

    @Override
    public void setMinLoggingLevel(McpSchema.LoggingLevel minLoggingLevel) {
        delegate.setMinLoggingLevel(minLoggingLevel);
    }

    @Override
    public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel loggingLevel) {
        return delegate.isNotificationForLevelAllowed(loggingLevel);
    }

    @Override
    public <T> Mono<T> sendRequest(String method, Object requestParams, TypeRef<T> typeRef) {
        return delegate.sendRequest(method, requestParams, typeRef);
    }

    @Override
    public Mono<Void> sendNotification(String method, Object params) {
        return delegate.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully().doFinally(s -> ended());
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            ended();
        }
    }

    private void ended() {
        if (closed.tryEmitEmpty().isSuccess()) {
            interceptor.sessionClosed(getId());
        }
    }
}
