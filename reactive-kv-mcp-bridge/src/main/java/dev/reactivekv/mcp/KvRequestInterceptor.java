package dev.reactivekv.mcp;


import dev.reactivekv.mcp.internal.transport.RequestInterceptor;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Answers the requests the SDK cannot: {@code resources/list} (paged with our cursors) and
 * {@code resources/subscribe} / {@code resources/unsubscribe} (attached to store watches).
 */
final class KvRequestInterceptor implements RequestInterceptor {

    private final ResourceLister lister;
    private final SubscriptionHub hub;
    private final McpJsonMapper mapper;

    KvRequestInterceptor(ResourceLister lister, SubscriptionHub hub, McpJsonMapper mapper) {
        this.lister = lister;
        this.hub = hub;
        this.mapper = mapper;
    }

    @Override
    public @Nullable Mono<Object> intercept(String sessionId, McpSchema.JSONRPCRequest request) {
        return switch (request.method()) {
            case McpSchema.METHOD_RESOURCES_LIST -> Mono.defer(() -> {
                McpSchema.PaginatedRequest p = params(request, new TypeRef<McpSchema.PaginatedRequest>() {
                });
                return lister.list(p == null ? null : p.cursor()).cast(Object.class);
            });
            case McpSchema.METHOD_RESOURCES_SUBSCRIBE -> Mono.defer(() -> hub.subscribe(sessionId, uri(request)));
            case McpSchema.METHOD_RESOURCES_UNSUBSCRIBE -> Mono.defer(() -> hub.unsubscribe(sessionId, uri(request)));
            default -> null;
        };
    }

    @Override
    public void streamOpened(String sessionId) {
        hub.streamOpened(sessionId);
    }

    @Override
    public void sessionClosed(String sessionId) {
        hub.sessionClosed(sessionId);
    }

    private String uri(McpSchema.JSONRPCRequest request) {
        McpSchema.SubscribeRequest s = params(request, new TypeRef<McpSchema.SubscribeRequest>() {
        });
        if (s == null || s.uri() == null || s.uri().isEmpty()) {
            throw SubscriptionHub.invalid("'uri' is required");
        }
        return s.uri();
    }

    private <T> @Nullable T params(McpSchema.JSONRPCRequest request, TypeRef<T> type) {
        if (request.params() == null) {
            return null;
        }
        try {
            return mapper.convertValue(request.params(), type);
        } catch (RuntimeException e) {
            throw SubscriptionHub.invalid("Invalid params for " + request.method());
        }
    }

}
