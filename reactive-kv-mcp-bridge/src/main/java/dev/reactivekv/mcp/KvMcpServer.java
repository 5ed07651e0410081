package dev.reactivekv.mcp;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.mcp.transport.HttpTransportOptions;
import dev.reactivekv.mcp.internal.transport.InterceptingStdioServerTransportProvider;
import dev.reactivekv.mcp.internal.transport.NettyStreamableHttpServerTransportProvider;
import dev.reactivekv.mcp.internal.transport.SessionStore;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;

/**
 * Serves a {@link KeyValueStore} as an MCP server: entries are resources {@code kv://{collection}/{key}},
 * {@code resources/list} pages over the whole store, subscriptions follow the store's watch, and tools
 * ({@code kv_get}, {@code kv_scan}, {@code kv_put}, {@code kv_delete}) serve hosts without resource support.
 * See {@code docs/mcp.md} for the mapping and guarantees.
 *
 * <pre>{@code
 * try (KvMcpServer server = KvMcpServer.startHttp(store, BridgeOptions.defaults(),
 *         HttpTransportOptions.defaults(), "127.0.0.1", 8765)) {
 *     server.onClose().block();
 * }
 * }</pre>
 *
 * The server does not own the store: closing the server leaves the store open.
 */
public final class KvMcpServer implements AutoCloseable {

    static final String VERSION = "0.1.0";
    static final String INSTRUCTIONS = "A key-value store. Each entry is a JSON object addressed by a collection and "
            + "a key, exposed as the resource kv://{collection}/{key} (percent-encoded). Subscribe to a resource to "
            + "be told when it changes. Tools: kv_get, kv_scan, and unless read-only kv_put, kv_delete.";

    private final McpAsyncServer server;
    private final SubscriptionHub hub;
    private final @Nullable DisposableServer http;
    private final Mono<Void> closed;
    private final Sinks.Empty<Void> closedByUs = Sinks.empty();
    private final @Nullable NettyStreamableHttpServerTransportProvider httpProvider;
    private final @Nullable Scheduler notifyScheduler;

    private KvMcpServer(McpAsyncServer server, Parts parts, @Nullable DisposableServer http,
                        @Nullable NettyStreamableHttpServerTransportProvider httpProvider, Mono<Void> transportClosed) {
        this.server = server;
        this.notifyScheduler = parts.notify;
        this.hub = parts.hub;
        this.http = http;
        this.httpProvider = httpProvider;
        this.closed = Mono.firstWithSignal(transportClosed, closedByUs.asMono());
    }

    /**
     * Starts Streamable HTTP on {@code host:port} (port 0 picks one), endpoint {@link HttpTransportOptions#endpoint()},
     * with sessions kept in the served store ({@link SessionOptions#defaults()}).
     * Blocks until the port is bound: call it from a plain thread (start-up), not from a reactive one.
     */
    public static KvMcpServer startHttp(KeyValueStore store, BridgeOptions bridge, HttpTransportOptions http,
                                        String host, int port) {
        return startHttp(store, bridge, http, SessionOptions.defaults(), host, port);
    }

    /**
     * As {@link #startHttp(KeyValueStore, BridgeOptions, HttpTransportOptions, String, int)}, keeping sessions and
     * their event logs as {@code sessions} says: instances sharing that store serve each other's sessions.
     */
    public static KvMcpServer startHttp(KeyValueStore store, BridgeOptions bridge, HttpTransportOptions http,
                                        SessionOptions sessions, String host, int port) {
        McpJsonMapper mapper = McpJsonDefaults.getMapper();
        SessionStore sessionStore = !sessions.enabled() ? SessionStore.NONE
                : new KvSessionStore(sessions.store() != null ? sessions.store() : store, SessionOptions.COLLECTION,
                        http.sessionIdleTimeout(), sessions.eventLogSize());
        AtomicReference<NettyStreamableHttpServerTransportProvider> ref = new AtomicReference<>();
        // non-blocking all the way to the session's stream: no scheduler hop (see SessionNotifier)
        Parts parts = new Parts(store, bridge, mapper, http.sendTimeout(), false,
                (id, message) -> ref.get().notifyClient(id, message),
                () -> ref.get().sessionIds(), sessionStore);
        NettyStreamableHttpServerTransportProvider provider = NettyStreamableHttpServerTransportProvider.builder()
                .jsonMapper(mapper).options(http).interceptor(parts.interceptor).sessionStore(sessionStore).build();
        ref.set(provider);
        McpAsyncServer server = configure(McpServer.async(provider), parts);
        DisposableServer bound = provider.bind(host, port).block(Duration.ofSeconds(30));
        return new KvMcpServer(server, parts, bound, provider, Mono.never());
    }

    /** The default longest stdio message: 4 MiB, as the HTTP body limit. */
    public static final int DEFAULT_MAX_STDIO_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** As {@link #startStdio(KeyValueStore, BridgeOptions, InputStream, OutputStream, int)} with messages up to 4 MiB. */
    public static KvMcpServer startStdio(KeyValueStore store, BridgeOptions bridge, InputStream in, OutputStream out) {
        return startStdio(store, bridge, in, out, DEFAULT_MAX_STDIO_MESSAGE_BYTES);
    }

    /**
     * Serves one client on the given streams (newline-delimited JSON-RPC); logs must not go to {@code out}. A line
     * longer than {@code maxMessageBytes}, unparsable JSON or a non-JSON-RPC message is answered with a JSON-RPC
     * error and the session goes on. {@link #onClose()} completes at end of input and fails when reading
     * {@code in} or writing {@code out} failed.
     */
    public static KvMcpServer startStdio(KeyValueStore store, BridgeOptions bridge, InputStream in, OutputStream out,
                                         int maxMessageBytes) {
        McpJsonMapper mapper = McpJsonDefaults.getMapper();
        AtomicReference<InterceptingStdioServerTransportProvider> ref = new AtomicReference<>();
        Parts parts = new Parts(store, bridge, mapper, Duration.ofSeconds(30), true,
                (id, message) -> {
                    McpSchema.JSONRPCNotification n = (McpSchema.JSONRPCNotification) message.message();
                    return ref.get().notifyClient(id, n.method(), n.params());
                },
                () -> {
                    String id = ref.get().sessionId();
                    return id == null ? List.of() : List.of(id);
                }, SessionStore.NONE);
        InterceptingStdioServerTransportProvider provider =
                new InterceptingStdioServerTransportProvider(mapper, in, out, maxMessageBytes, parts.interceptor);
        ref.set(provider);
        McpAsyncServer server = configure(McpServer.async(provider), parts);
        return new KvMcpServer(server, parts, null, null, provider.onClose());
    }

    /** The bound HTTP port, or -1 for stdio. */
    public int port() {
        return http == null ? -1 : http.port();
    }

    /** Completes when the server stopped: stdio input ended, or {@link #close()}; fails when stdio failed. */
    public Mono<Void> onClose() {
        return closed;
    }

    /** Live HTTP session ids (empty for stdio). */
    public Collection<String> sessionIds() {
        return httpProvider == null ? List.of() : httpProvider.sessionIds();
    }

    SubscriptionHub hub() {
        return hub;
    }

    /** Closes the sessions, the store watches and the HTTP port; not the store. Idempotent. */
    @Override
    public void close() {
        hub.closeAll();
        server.closeGracefully().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
        if (http != null) {
            http.disposeNow(Duration.ofSeconds(10));
        }
        if (notifyScheduler != null) {
            notifyScheduler.disposeGracefully().subscribe();
        }
        closedByUs.tryEmitEmpty();
    }

    private static McpAsyncServer configure(McpServer.AsyncSpecification<?> spec, Parts parts) {
        return spec.serverInfo(new McpSchema.Implementation("reactive-kv", "reactive-kv MCP bridge", VERSION))
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder()
                        .resources(parts.hub.canWatch(), true)
                        .tools(false)
                        .completions()
                        .logging()
                        .build())
                .resourceTemplates(List.of(parts.resources.template()))
                .tools(parts.tools.specifications())
                .completions(List.of(parts.resources.completion()))
                .requestTimeout(Duration.ofSeconds(60))
                .build();
    }

    /** The pieces shared by both transports. */
    private static final class Parts {
        final SubscriptionHub hub;
        final KvResources resources;
        final KvTools tools;
        final KvRequestInterceptor interceptor;
        final @Nullable Scheduler notify;

        /** {@code senderBlocks}: sends run on a pool of their own (stdio: the SDK session and its output stream). */
        Parts(KeyValueStore store, BridgeOptions bridge, McpJsonMapper mapper, Duration sendTimeout,
              boolean senderBlocks, SessionNotifier.Sender sender,
              java.util.function.Supplier<Collection<String>> sessions, SessionStore sessionStore) {
            Objects.requireNonNull(store, "store");
            CursorCodec cursors = new CursorCodec();
            SessionNotifier.Sender send = sender;
            if (senderBlocks) {
                // a pool of its own (see NettyStreamableHttpServerTransportProvider#sdkScheduler), disposed by close()
                Scheduler pool = Schedulers.newBoundedElastic(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                        100_000, "rkv-mcp-notify", 60, true);
                this.notify = pool;
                send = (id, message) -> Mono.defer(() -> sender.send(id, message)).subscribeOn(pool);
            } else {
                this.notify = null;
            }
            this.hub = new SubscriptionHub(store, bridge, send, mapper, sendTimeout.plusSeconds(5), sessions,
                    sessionStore);
            this.resources = new KvResources(store, bridge, mapper);
            this.tools = new KvTools(store, bridge, cursors, hub, mapper);
            List<String> toolNames = tools.specifications().stream().map(t -> t.tool().name()).toList();
            this.interceptor = new KvRequestInterceptor(new ResourceLister(store, bridge, cursors), hub, resources,
                    toolNames, bridge.readOnly(), mapper, sessionStore);
        }
    }

}
