package dev.reactivekv.mcp.internal.transport;

import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Lets the application answer chosen JSON-RPC requests itself instead of the SDK's built-in handlers
 * (the SDK offers no hook for {@code resources/list} paging or {@code resources/subscribe}).
 *
 * <p>Both transports of this package consult the interceptor for every client request of an
 * established session before handing it to the SDK session. Implementations must not block.
 */
public interface RequestInterceptor {

    /** Intercepts nothing. */
    RequestInterceptor NONE = (sessionId, request) -> null;

    /**
     * Decides whether to answer a request.
     *
     * @param sessionId the MCP session the request belongs to
     * @param request   the client's request
     * @return {@code null} to let the SDK handle the request; otherwise a publisher of the result object
     *     (serialised as the JSON-RPC {@code result}), or an error: an {@link io.modelcontextprotocol.spec.McpError}
     *     becomes that JSON-RPC error, anything else an internal error (-32603)
     */
    @Nullable
    Mono<Object> intercept(String sessionId, McpSchema.JSONRPCRequest request);

    /** Called when a session opened a stream for server-initiated messages (HTTP GET). Must not block. */
    default void streamOpened(String sessionId) {
    }

    /**
     * Called when this instance took over a session from the {@link SessionStore} (after a restart, or started by
     * another instance), before its first request is handled. Must not block.
     *
     * @param subscriptions the session's stored resource subscriptions, to re-attach
     */
    default void sessionRestored(String sessionId, java.util.List<String> subscriptions) {
    }

    /**
     * Called when a client resumed a stream ({@code Last-Event-ID}) after events the log no longer holds: whatever
     * they said must be said again. Must not block.
     */
    default void eventsLost(String sessionId) {
    }

    /** Called once when a session ends here (DELETE, idle expiry, transport shutdown, stdio end of input). Must not block. */
    default void sessionClosed(String sessionId) {
    }
}
