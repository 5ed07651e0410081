package dev.reactivekv.mcp.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import dev.reactivekv.mcp.transport.HttpTransportOptions;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * MCP Streamable HTTP (protocol 2025-11-25, also accepting 2025-06-18 and 2025-03-26 clients) served by
 * Reactor Netty without Spring or servlets.
 *
 * <p>One endpoint (default {@code /mcp}):
 * <ul>
 *   <li>{@code POST}: one JSON-RPC message. {@code initialize} creates a session and returns its
 *       {@code Mcp-Session-Id}. Notifications and responses are answered 202. A request is answered with
 *       {@code application/json} when its handler sends nothing before the response, otherwise with a
 *       {@code text/event-stream} carrying the intermediate messages and then the response.</li>
 *   <li>{@code GET}: the session's listening SSE stream for server-initiated messages. A new GET replaces the
 *       session's previous listening stream (which is closed).</li>
 *   <li>{@code DELETE}: ends the session.</li>
 *   <li>Anything else: 405 with {@code Allow}; another path: 404.</li>
 * </ul>
 * Errors: 403 for a Host/Origin outside {@link HttpTransportOptions#allowedHosts()}, 401 without the
 * configured bearer token, 413 for a body over the limit, 415 for a non-JSON body, 406 when
 * {@code Accept} lacks the required types, 400 for a missing session id, unparsable JSON or an unsupported
 * {@code MCP-Protocol-Version}, 404 for an unknown session. No method blocks; every handler runs on the
 * Netty event loop or on the threads of the SDK's handlers.
 */
public final class NettyStreamableHttpServerTransportProvider implements McpStreamableServerTransportProvider {

    private static final Logger log = LoggerFactory.getLogger(NettyStreamableHttpServerTransportProvider.class);
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String DEFAULT_PROTOCOL_VERSION = "2025-03-26";

    private final McpJsonMapper mapper;
    private final HttpTransportOptions options;
    private final HttpGuard guard;
    private final RequestInterceptor interceptor;
    private final StoredSessions stored;
    private final ConcurrentHashMap<String, McpStreamableServerSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StreamTransport> listeningStreams = new ConcurrentHashMap<>();
    /** The logged side of each open listening stream: where prepared notifications go, past the SDK session. */
    private final ConcurrentHashMap<String, LoggedStream> loggedStreams = new ConcurrentHashMap<>();
    private final AtomicInteger streamCounter = new AtomicInteger();
    /** Session id → System.nanoTime() of its last request; for the idle expiry. */
    private final ConcurrentHashMap<String, Long> lastActivity = new ConcurrentHashMap<>();
    private volatile reactor.core.@Nullable Disposable idleSweep;
    private volatile McpStreamableServerSession.@Nullable Factory sessionFactory;
    private volatile boolean closing;
    private volatile @Nullable DisposableServer server;
    /**
     * Where SDK session code runs: it creates UUIDs from SecureRandom, a potentially blocking read. Owned by this
     * provider, never the shared {@code Schedulers.boundedElastic()}: a long-lived stream keeps its worker, and
     * once the shared pool is at its cap new work is queued behind whatever another component (an embedding
     * application, a test, an SDK client) is blocking that thread with, which stalled requests for many seconds.
     */
    private final reactor.core.scheduler.Scheduler sdkScheduler = reactor.core.scheduler.Schedulers.newBoundedElastic(
            Math.max(8, 4 * Runtime.getRuntime().availableProcessors()), 100_000, "rkv-mcp-http", 60, true);

    private NettyStreamableHttpServerTransportProvider(Builder b) {
        this.mapper = Objects.requireNonNull(b.mapper, "jsonMapper");
        this.options = b.options;
        this.guard = new HttpGuard(b.options);
        this.interceptor = b.interceptor;
        this.stored = new StoredSessions(b.sessionStore, mapper);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a Reactor Netty server on {@code host:port} (port 0 picks a free one) serving this provider.
     * The server is disposed by {@link #closeGracefully()}.
     */
    public Mono<DisposableServer> bind(String host, int port) {
        return HttpServer.create()
                .host(host)
                .port(port)
                .handle(handler())
                .bind()
                .<DisposableServer>map(s -> s)
                .doOnNext(s -> {
                    this.server = s;
                    startIdleSweep();
                    log.info("MCP Streamable HTTP listening on http://{}:{}{}", host, s.port(), options.endpoint());
                });
    }

    /** The request handler, for embedding in an {@link HttpServer} of your own. */
    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler() {
        return this::handle;
    }

    /**
     * Ends, every {@code min(idle timeout / 4, 1 min)}, the sessions that sent nothing for the idle timeout and have
     * no open listening stream (an open GET stream is a live client, however quiet).
     */
    private void startIdleSweep() {
        long idleNanos = options.sessionIdleTimeout().toNanos();
        java.time.Duration every = options.sessionIdleTimeout().dividedBy(4);
        if (every.compareTo(java.time.Duration.ofMinutes(1)) > 0) {
            every = java.time.Duration.ofMinutes(1);
        }
        if (every.compareTo(java.time.Duration.ofMillis(50)) < 0) {
            every = java.time.Duration.ofMillis(50);
        }
        idleSweep = Flux.interval(every, every, sdkScheduler).subscribe(tick -> {
            long now = System.nanoTime();
            lastActivity.forEach((id, last) -> {
                if (listeningStreams.containsKey(id)) {
                    stored.touch(id).onErrorResume(e -> logged("touch", id, e)).subscribe();
                } else if (now - last > idleNanos) {
                    // its stored record expires on its own (the store's TTL), unless another instance keeps it alive
                    log.info("session {} idle for {}: ending it here", id, options.sessionIdleTimeout());
                    endSession(id, false).onErrorResume(e -> logged("expiry", id, e)).subscribe();
                }
            });
        });
    }

    /** Ids of the live sessions. */
    public java.util.Set<String> sessionIds() {
        return java.util.Set.copyOf(sessions.keySet());
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Flux.fromIterable(sessions.values())
                .flatMap(s -> s.sendNotification(method, params)
                        .subscribeOn(sdkScheduler)
                        .onErrorResume(e -> {
                            log.debug("notification {} to session {} failed: {}", method, s.getId(), e.toString());
                            return Mono.empty();
                        }))
                .then();
    }

    /** Sends to one session; completes empty when the session is unknown (it ended). */
    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return Mono.defer(() -> {
            McpStreamableServerSession s = sessions.get(sessionId);
            return s == null ? Mono.empty() : s.sendNotification(method, params);
        }).subscribeOn(sdkScheduler);
    }

    /**
     * Sends a prepared notification to a session's listening stream, straight to the stream the SDK session would
     * use ({@link McpStreamableServerSession#sendNotification} only forwards to it, drawing a random UUID from
     * SecureRandom per message on the way): no serialisation, no blocking call, no thread hop. Completes when the
     * connection took it, empty when the session is unknown (it ended); fails, as the SDK does, when the session
     * has no listening stream open (the caller keeps it pending).
     */
    public Mono<Void> notifyClient(String sessionId, PreparedMessage message) {
        return Mono.defer(() -> {
            LoggedStream stream = loggedStreams.get(sessionId);
            if (stream != null) {
                return stream.send(message);
            }
            return sessions.containsKey(sessionId)
                    ? Mono.error(new IllegalStateException("Stream unavailable for session " + sessionId))
                    : Mono.empty();
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.defer(() -> {
            closing = true;
            reactor.core.Disposable sweep = idleSweep;
            if (sweep != null) {
                sweep.dispose();
            }
            // the stored records stay: a restarted server (or another instance) takes the sessions over
            List<String> all = List.copyOf(sessions.keySet());
            return Flux.fromIterable(all)
                    .flatMap(id -> endSession(id, false).onErrorResume(e -> Mono.empty()))
                    .then(Mono.fromRunnable(() -> {
                        DisposableServer s = server;
                        if (s != null) {
                            s.dispose();
                        }
                        // not dispose(): this may run on one of its threads, which must not be interrupted
                        sdkScheduler.disposeGracefully().subscribe();
                    }));
        });
    }

    // ------------------------------------------------------------------ dispatch

    private Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        if (!options.endpoint().equals(req.fullPath())) {
            return reject(req, res, HttpError.of(404, "Not found"));
        }
        HttpError rejected = guard.check(req.requestHeaders());
        if (rejected != null) {
            return reject(req, res, rejected);
        }
        if (closing) {
            return reject(req, res, HttpError.of(503, "Server is shutting down"));
        }
        HttpMethod method = req.method();
        if (HttpMethod.POST.equals(method)) {
            return post(req, res);
        }
        if (HttpMethod.GET.equals(method)) {
            return get(req, res);
        }
        if (HttpMethod.DELETE.equals(method)) {
            return delete(req, res);
        }
        res.header(HttpHeaderNames.ALLOW, "GET, POST, DELETE");
        return reject(req, res, HttpError.of(405, "Method not allowed"));
    }

    // ------------------------------------------------------------------ POST

    private Publisher<Void> post(HttpServerRequest req, HttpServerResponse res) {
        var headers = req.requestHeaders();
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && parseLong(length) > options.maxRequestBytes()) {
            res.header(HttpHeaderNames.CONNECTION, "close");
            return error(res, HttpError.of(413, "Request body too large"));
        }
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains(JSON)) {
            return reject(req, res, HttpError.of(415, "Content-Type must be application/json"));
        }
        String accept = headers.get(HttpHeaderNames.ACCEPT);
        if (!accepts(accept, JSON) || !accepts(accept, EVENT_STREAM)) {
            return reject(req, res, HttpError.of(406, "Accept must include application/json and text/event-stream"));
        }
        // JSON (de)serialisation and the SDK's handlers may take locks (Jackson's caches) or draw random
        // UUIDs: everything after reading the body runs off the event loop
        return readBody(req).publishOn(sdkScheduler).flatMap(body -> {
            JsonRpcDecoding decoded = JsonRpcDecoding.decode(mapper, body);
            McpSchema.JSONRPCMessage message = decoded.message();
            if (message == null) {
                return error(res, new HttpError(400, decoded.code(), decoded.error()));
            }
            if (message instanceof McpSchema.JSONRPCRequest request
                    && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
                return initialize(request, res);
            }
            String sessionId = headers.get(HttpHeaders.MCP_SESSION_ID);
            HttpError sessionError = sessionError(sessionId, headers.get(HttpHeaders.PROTOCOL_VERSION));
            if (sessionError != null) {
                return error(res, sessionError);
            }
            return session(sessionId, res, session -> {
                if (message instanceof McpSchema.JSONRPCResponse response) {
                    return session.accept(response)
                            .onErrorResume(e -> logged("response", sessionId, e))
                            .then(accepted(res));
                }
                if (message instanceof McpSchema.JSONRPCNotification notification) {
                    return session.accept(notification)
                            .onErrorResume(e -> logged("notification", sessionId, e))
                            .then(accepted(res));
                }
                return request(sessionId, session, (McpSchema.JSONRPCRequest) message, res);
            });
        }).onErrorResume(BodyTooLarge.class, e -> {
            res.header(HttpHeaderNames.CONNECTION, "close");
            return error(res, HttpError.of(413, "Request body too large"));
        });
    }

    private Mono<Void> initialize(McpSchema.JSONRPCRequest request, HttpServerResponse res) {
        McpStreamableServerSession.Factory factory = sessionFactory;
        if (factory == null) {
            return error(res, HttpError.of(503, "MCP server not ready"));
        }
        McpSchema.InitializeRequest init;
        try {
            init = mapper.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>() {
            });
        } catch (RuntimeException e) {
            return json(res, 400, McpSchema.JSONRPCResponse.error(request.id(),
                    new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                            "Invalid initialize params")));
        }
        // the SDK draws session ids from SecureRandom (which may read /dev/urandom): not on the event loop
        return Mono.fromCallable(() -> factory.startSession(init))
                .subscribeOn(sdkScheduler)
                .flatMap(started -> initialized(request, init, started, res));
    }

    private Mono<Void> initialized(McpSchema.JSONRPCRequest request, McpSchema.InitializeRequest init,
                                   McpStreamableServerSession.McpStreamableServerSessionInit started,
                                   HttpServerResponse res) {
        String id = started.session().getId();
        sessions.put(id, started.session());
        lastActivity.put(id, System.nanoTime());
        return started.initResult()
                // recorded before the client learns the id: any instance can then take the session over
                .flatMap(result -> stored.created(id, init, result.protocolVersion()).thenReturn(result))
                .publishOn(sdkScheduler) // the store answers on its own (event loop) threads
                .flatMap(result -> {
                    res.header(HttpHeaders.MCP_SESSION_ID, id);
                    return json(res, 200, McpSchema.JSONRPCResponse.result(request.id(), result));
                })
                .onErrorResume(e -> {
                    sessions.remove(id);
                    lastActivity.remove(id);
                    stored.forget(id);
                    return json(res, 500, McpSchema.JSONRPCResponse.error(request.id(), rpcError(e)));
                });
    }

    private Mono<Void> request(String sessionId, McpStreamableServerSession session, McpSchema.JSONRPCRequest request,
                               HttpServerResponse res) {
        Mono<Object> intercepted;
        try {
            intercepted = interceptor.intercept(sessionId, request);
        } catch (RuntimeException e) {
            intercepted = Mono.error(e);
        }
        if (intercepted != null) {
            return intercepted
                    .publishOn(sdkScheduler) // a store may answer on its event loop: serialise elsewhere
                    .map(result -> McpSchema.JSONRPCResponse.result(request.id(), result))
                    .defaultIfEmpty(McpSchema.JSONRPCResponse.result(request.id(), Map.of()))
                    .onErrorResume(e -> Mono.just(McpSchema.JSONRPCResponse.error(request.id(), rpcError(e))))
                    .flatMap(response -> json(res, 200, response));
        }
        StreamTransport transport = newStream("post-" + sessionId);
        reactor.core.Disposable work = session.responseStream(request, transport)
                .subscribeOn(sdkScheduler)
                .subscribe(null, e -> {
                    log.warn("request {} of session {} failed: {}", request.method(), sessionId, e.toString());
                    transport.close();
                });
        transport.onAbort(work::dispose);
        Object id = request.id();
        return transport.outbound()
                .switchOnFirst((first, messages) -> {
                    if (first.hasValue() && isResponseTo(first.get().message(), id)) {
                        res.status(200).header(HttpHeaderNames.CONTENT_TYPE, JSON);
                        return res.send(messages.take(1).map(o -> utf8(o.json())), b -> true).then();
                    }
                    sseHeaders(res);
                    return res.send(messages.map(NettyStreamableHttpServerTransportProvider::sse), b -> true).then();
                })
                .then();
    }

    private static boolean isResponseTo(McpSchema.JSONRPCMessage message, Object id) {
        return message instanceof McpSchema.JSONRPCResponse r && Objects.equals(r.id(), id);
    }

    // ------------------------------------------------------------------ GET

    private Publisher<Void> get(HttpServerRequest req, HttpServerResponse res) {
        var headers = req.requestHeaders();
        if (!accepts(headers.get(HttpHeaderNames.ACCEPT), EVENT_STREAM)) {
            return reject(req, res, HttpError.of(406, "Accept must include text/event-stream"));
        }
        String sessionId = headers.get(HttpHeaders.MCP_SESSION_ID);
        HttpError sessionError = sessionError(sessionId, headers.get(HttpHeaders.PROTOCOL_VERSION));
        if (sessionError != null) {
            return reject(req, res, sessionError);
        }
        String lastEventId = headers.get(HttpHeaders.LAST_EVENT_ID);
        // the (empty) body first, as for a rejection: the unknown session's 404 may be answered at once
        return req.receive().then().then(Mono.defer(() -> session(sessionId, res,
                session -> listening(sessionId, lastEventId, session, res))));
    }

    private Mono<Void> listening(String sessionId, @Nullable String lastEventId, McpStreamableServerSession session,
                                 HttpServerResponse res) {
        return stored.open(sessionId, lastEventId).publishOn(sdkScheduler).flatMap(replay -> {
            StreamTransport transport = newStream("listen-" + sessionId);
            replay(sessionId, replay, transport);
            LoggedStream logged = stored.logged(transport, sessionId, options.streamCapacity());
            return Mono.fromCallable(() -> session.listeningStream(logged))
                    .subscribeOn(sdkScheduler)
                    .flatMap(stream -> listen(sessionId, transport, logged, stream, res));
        });
    }

    /** Queues the missed events first, under their original ids; a gap in the log resynchronises the session. */
    private void replay(String sessionId, StoredSessions.Replay replay, StreamTransport transport) {
        for (SessionStore.StoredEvent e : replay.events()) {
            try {
                transport.sendMessage(McpSchema.deserializeJsonRpcMessage(mapper, e.json()), Long.toString(e.seq()))
                        .subscribe(null, err -> logged("replay", sessionId, err));
            } catch (IOException | RuntimeException err) {
                log.warn("event {} of session {} unreadable, not replayed: {}", e.seq(), sessionId, err.toString());
            }
        }
        if (replay.gap()) {
            try {
                interceptor.eventsLost(sessionId);
            } catch (RuntimeException err) {
                log.warn("eventsLost({}) failed", sessionId, err);
            }
        }
    }

    private Mono<Void> listen(String sessionId, StreamTransport transport, LoggedStream logged,
                              McpStreamableServerSession.McpStreamableServerSessionStream stream,
                              HttpServerResponse res) {
        StreamTransport previous = listeningStreams.put(sessionId, transport);
        loggedStreams.put(sessionId, logged);
        if (previous != null) {
            previous.abort();
        }
        transport.onAbort(() -> {
            listeningStreams.remove(sessionId, transport);
            loggedStreams.remove(sessionId, logged);
            // the idle clock restarts when the stream ends
            lastActivity.computeIfPresent(sessionId, (id, last) -> System.nanoTime());
            stream.close();
        });
        sseHeaders(res);
        try {
            interceptor.streamOpened(sessionId);
        } catch (RuntimeException e) {
            log.warn("streamOpened({}) failed", sessionId, e);
        }
        // cancelled off the event loop: cancelling a parallel-pool timer there takes that worker's queue lock, and
        // BlockHound's error on a contended lock broke the lock for good (a later timer on that worker never fired)
        Flux<ByteBuf> keepAlive = Flux.interval(options.keepAliveInterval())
                .map(tick -> utf8(": keep-alive\n\n"))
                .cancelOn(reactor.core.scheduler.Schedulers.boundedElastic()); // a short task: the shared pool
        // a comment first, so that the headers leave now rather than with the first event
        Flux<ByteBuf> events = Flux.concat(Mono.fromSupplier(() -> utf8(": open\n\n")),
                transport.outbound().map(NettyStreamableHttpServerTransportProvider::sse));
        return res.send(Flux.merge(events, keepAlive).doFinally(signal -> transport.abort()), b -> true)
                .then();
    }

    // ------------------------------------------------------------------ DELETE

    private Publisher<Void> delete(HttpServerRequest req, HttpServerResponse res) {
        var headers = req.requestHeaders();
        String sessionId = headers.get(HttpHeaders.MCP_SESSION_ID);
        HttpError sessionError = sessionError(sessionId, headers.get(HttpHeaders.PROTOCOL_VERSION));
        if (sessionError != null) {
            return reject(req, res, sessionError);
        }
        return req.receive().then().then(session(sessionId, res, session -> endSession(sessionId, true)
                .then(Mono.defer(() -> res.status(200).send()))));
    }

    /** Ends a session here; {@code ended}: the client ended it (DELETE), so its stored record goes too. */
    private Mono<Void> endSession(String sessionId, boolean ended) {
        McpStreamableServerSession session = sessions.remove(sessionId);
        lastActivity.remove(sessionId);
        if (session == null) {
            return Mono.empty();
        }
        StreamTransport listening = listeningStreams.remove(sessionId);
        loggedStreams.remove(sessionId);
        Mono<Void> record = ended ? stored.delete(sessionId).onErrorResume(e -> logged("record deletion", sessionId, e))
                : Mono.fromRunnable(() -> stored.forget(sessionId));
        return session.delete()
                .onErrorResume(e -> logged("delete", sessionId, e))
                .then(record)
                .then(Mono.fromRunnable(() -> {
                    if (listening != null) {
                        listening.abort();
                    }
                    try {
                        interceptor.sessionClosed(sessionId);
                    } catch (RuntimeException e) {
                        log.warn("sessionClosed({}) failed", sessionId, e);
                    }
                }));
    }

    // ------------------------------------------------------------------ helpers

    private @Nullable HttpError sessionError(@Nullable String sessionId, @Nullable String protocolVersion) {
        if (sessionId == null || sessionId.isBlank()) {
            return HttpError.of(400, "Bad Request: Mcp-Session-Id header required");
        }
        String version = protocolVersion == null ? DEFAULT_PROTOCOL_VERSION : protocolVersion.trim();
        if (!protocolVersions().contains(version)) {
            return HttpError.of(400, "Bad Request: unsupported MCP-Protocol-Version " + version);
        }
        return null;
    }

    /**
     * Runs {@code then} with the session: the one held here, or else the one rebuilt from the session store (its
     * subscriptions re-attached); 404 when neither knows the id.
     */
    private Mono<Void> session(String sessionId, HttpServerResponse res,
                               java.util.function.Function<McpStreamableServerSession, Mono<Void>> then) {
        McpStreamableServerSession held = sessions.get(sessionId);
        Mono<McpStreamableServerSession> found = held != null ? Mono.just(held) : restore(sessionId);
        return found
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(session -> {
                    if (session.isEmpty()) {
                        return error(res, new HttpError(404, McpSchema.ErrorCodes.INVALID_REQUEST, "Session not found"));
                    }
                    lastActivity.computeIfPresent(sessionId, (id, last) -> System.nanoTime());
                    stored.touch(sessionId).onErrorResume(e -> logged("touch", sessionId, e)).subscribe();
                    return then.apply(session.get());
                });
    }

    private Mono<McpStreamableServerSession> restore(String sessionId) {
        McpStreamableServerSession.Factory factory = sessionFactory;
        if (factory == null || closing) {
            return Mono.empty();
        }
        return stored.restore(sessionId, factory, sdkScheduler)
                .map(restored -> {
                    McpStreamableServerSession raced = sessions.putIfAbsent(sessionId, restored.session());
                    if (raced != null) {
                        return raced;
                    }
                    lastActivity.put(sessionId, System.nanoTime());
                    try {
                        interceptor.sessionRestored(sessionId, restored.subscriptions());
                    } catch (RuntimeException e) {
                        log.warn("sessionRestored({}) failed", sessionId, e);
                    }
                    return restored.session();
                })
                .onErrorResume(e -> {
                    log.warn("session {} could not be restored: {}", sessionId, e.toString());
                    return Mono.empty();
                });
    }

    private StreamTransport newStream(String label) {
        return new StreamTransport(mapper, label + "#" + streamCounter.incrementAndGet(),
                options.streamCapacity(), options.sendTimeout());
    }

    private Mono<byte[]> readBody(HttpServerRequest req) {
        int max = options.maxRequestBytes();
        return req.receive()
                .reduceWith(ByteArrayOutputStream::new, (out, buf) -> {
                    int n = buf.readableBytes();
                    if (out.size() + n > max) {
                        throw new BodyTooLarge();
                    }
                    byte[] chunk = new byte[n];
                    buf.readBytes(chunk);
                    out.write(chunk, 0, n);
                    return out;
                })
                .map(ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(new byte[0]);
    }

    private static boolean accepts(@Nullable String accept, String type) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(java.util.Locale.ROOT);
        return a.contains(type) || a.contains("*/*");
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void sseHeaders(HttpServerResponse res) {
        res.status(200)
                .header(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM)
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    }

    private static final byte[] SSE_DATA = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);

    /**
     * One SSE event as bytes: {@code id: N} when the message has one, {@code event: message}, the JSON as data. One
     * array per event; a prepared message's UTF-8 bytes (shared by every session it goes to) are copied, not encoded
     * again.
     */
    static ByteBuf sse(StreamTransport.Outgoing o) {
        byte[] data = o.utf8() != null ? o.utf8() : o.json().getBytes(StandardCharsets.UTF_8);
        byte[] id = o.eventId() == null ? new byte[0]
                : ("id: " + o.eventId() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[id.length + SSE_DATA.length + data.length + 2];
        System.arraycopy(id, 0, frame, 0, id.length);
        System.arraycopy(SSE_DATA, 0, frame, id.length, SSE_DATA.length);
        System.arraycopy(data, 0, frame, id.length + SSE_DATA.length, data.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return Unpooled.wrappedBuffer(frame);
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private Mono<Void> accepted(HttpServerResponse res) {
        return Mono.defer(() -> res.status(HttpResponseStatus.ACCEPTED).send());
    }

    private Mono<Void> json(HttpServerResponse res, int status, Object body) {
        String text;
        try {
            text = mapper.writeValueAsString(body);
        } catch (IOException e) {
            return Mono.error(e);
        }
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, JSON)
                .sendString(Mono.just(text))
                .then();
    }

    /**
     * Answers {@code e} once the request's body has been read and dropped; a body over the size limit is not read on:
     * the connection closes after the answer. Never answer a keep-alive request before its body is read: when it came
     * while the previous response was still being written, Reactor Netty (1.2.18; its issue 4361) had queued it with
     * its body, and after such an answer that connection read nothing more, so the client's next request on it got no
     * answer at all.
     */
    private Mono<Void> reject(HttpServerRequest req, HttpServerResponse res, HttpError e) {
        int max = options.maxRequestBytes();
        return req.receive()
                .reduce(0L, (read, buf) -> {
                    long total = read + buf.readableBytes();
                    if (total > max) {
                        throw new BodyTooLarge();
                    }
                    return total;
                })
                .then(Mono.defer(() -> error(res, e)))
                .onErrorResume(BodyTooLarge.class, tooLarge -> {
                    res.header(HttpHeaderNames.CONNECTION, "close");
                    return error(res, e);
                });
    }

    private Mono<Void> error(HttpServerResponse res, HttpError e) {
        if (e.status() == 401) {
            res.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.put("id", null);
        body.put("error", Map.of("code", e.rpcCode(), "message", e.message()));
        return json(res, e.status(), body);
    }

    static McpSchema.JSONRPCResponse.JSONRPCError rpcError(Throwable e) {
        if (e instanceof McpError m && m.getJsonRpcError() != null) {
            return m.getJsonRpcError();
        }
        return new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR,
                String.valueOf(e.getMessage()));
    }

    private static Mono<Void> logged(String what, String sessionId, Throwable e) {
        log.debug("{} of session {} failed: {}", what, sessionId, e.toString());
        return Mono.empty();
    }

    /** The body exceeded {@link HttpTransportOptions#maxRequestBytes()}. */
    private static final class BodyTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("request body too large", null, false, false);
        }
    }

    /** Builder; a JSON mapper is required. */
    public static final class Builder {
        private @Nullable McpJsonMapper mapper;
        private HttpTransportOptions options = HttpTransportOptions.defaults();
        private RequestInterceptor interceptor = RequestInterceptor.NONE;
        private SessionStore sessionStore = SessionStore.NONE;

        private Builder() {
        }

        public Builder jsonMapper(McpJsonMapper jsonMapper) {
            this.mapper = jsonMapper;
            return this;
        }

        public Builder options(HttpTransportOptions transportOptions) {
            this.options = Objects.requireNonNull(transportOptions, "options");
            return this;
        }

        public Builder interceptor(RequestInterceptor requestInterceptor) {
            this.interceptor = Objects.requireNonNull(requestInterceptor, "interceptor");
            return this;
        }

        /** Where sessions and their event logs are kept beyond this process (default: nowhere). */
        public Builder sessionStore(SessionStore store) {
            this.sessionStore = Objects.requireNonNull(store, "sessionStore");
            return this;
        }

        public NettyStreamableHttpServerTransportProvider build() {
            return new NettyStreamableHttpServerTransportProvider(this);
        }
    }
}
