package dev.reactivekv.mcp;

import java.util.List;

import dev.reactivekv.mcp.internal.transport.RequestInterceptor;
import dev.reactivekv.mcp.internal.transport.SessionStore;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Answers the requests the SDK cannot: {@code resources/list} (paged with our cursors),
 * {@code resources/subscribe} / {@code resources/unsubscribe} (attached to store watches), and the ones whose
 * SDK errors do not follow docs/mcp.md: {@code resources/read} (the SDK answers a malformed {@code kv://} URI
 * with -32002 instead of -32602) and {@code tools/call} of an unknown tool (the SDK's message does not name it).
 */
final class KvRequestInterceptor implements RequestInterceptor {

    private final ResourceLister lister;
    private final SubscriptionHub hub;
    private final KvResources resources;
    private final List<String> toolNames;
    private final boolean readOnly;
    private final McpJsonMapper mapper;
    private final SessionStore sessions;

    KvRequestInterceptor(ResourceLister lister, SubscriptionHub hub, KvResources resources, List<String> toolNames,
                         boolean readOnly, McpJsonMapper mapper, SessionStore sessions) {
        this.lister = lister;
        this.hub = hub;
        this.resources = resources;
        this.toolNames = List.copyOf(toolNames);
        this.readOnly = readOnly;
        this.mapper = mapper;
        this.sessions = sessions;
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
            case McpSchema.METHOD_LOGGING_SET_LEVEL -> {
                recordLogLevel(sessionId, request);
                yield null; // the SDK applies it
            }
            case McpSchema.METHOD_RESOURCES_READ -> Mono.defer(() -> resources.read(uri(request)).cast(Object.class));
            case McpSchema.METHOD_TOOLS_CALL -> unknownTool(request);
            default -> null;
        };
    }

    /** Kept in the session's record, so that an instance taking the session over applies it too. */
    private void recordLogLevel(String sessionId, McpSchema.JSONRPCRequest request) {
        McpSchema.SetLevelRequest level;
        try {
            level = params(request, new TypeRef<McpSchema.SetLevelRequest>() {
            });
        } catch (RuntimeException e) {
            return; // the SDK answers the bad params
        }
        if (level != null && level.level() != null) {
            String name = level.level().name().toLowerCase(java.util.Locale.ROOT);
            sessions.update(sessionId, r -> r.withLogLevel(name)).subscribe(null, e -> { });
        }
    }

    @Override
    public void sessionRestored(String sessionId, List<String> subscriptions) {
        hub.sessionRestored(sessionId, subscriptions);
    }

    @Override
    public void eventsLost(String sessionId) {
        hub.eventsLost(sessionId);
    }

    /** An error naming the tool when it is not offered; {@code null} (the SDK calls it) otherwise. */
    private @Nullable Mono<Object> unknownTool(McpSchema.JSONRPCRequest request) {
        McpSchema.CallToolRequest call = params(request, new TypeRef<McpSchema.CallToolRequest>() {
        });
        if (call == null || call.name() == null) {
            return Mono.error(SubscriptionHub.invalid("'name' is required"));
        }
        if (toolNames.contains(call.name())) {
            return null;
        }
        String hint = readOnly && ("kv_put".equals(call.name()) || "kv_delete".equals(call.name()))
                ? " (this server is read-only)" : "";
        return Mono.error(SubscriptionHub.invalid("Unknown tool: " + call.name() + hint + "; tools: "
                + String.join(", ", toolNames)));
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
