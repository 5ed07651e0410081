package dev.reactivekv.mcp.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.reactivekv.mcp.transport.HttpTransportOptions;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

class NettyStreamableHttpTransportTest {

    private TestMcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestMcpServer start(HttpTransportOptions options) {
        server = new TestMcpServer(options, (sessionId, request) -> switch (request.method()) {
            case "custom/hello" -> Mono.just(Map.of("session", sessionId));
            case "custom/fail" -> Mono.error(McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("nope").build());
            default -> null;
        });
        return server;
    }

    private McpAsyncClient client(List<String> logs) {
        return McpClient.async(HttpClientStreamableHttpTransport.builder(server.url()).build())
                .requestTimeout(Duration.ofSeconds(10))
                .loggingConsumer(n -> Mono.fromRunnable(() -> logs.add(String.valueOf(n.data()))))
                .build();
    }

    @Test
    void sdkJavaClientInitializesListsCallsAndPings() {
        start(HttpTransportOptions.defaults());
        List<String> logs = new CopyOnWriteArrayList<>();
        McpAsyncClient client = client(logs);
        try {
            StepVerifier.create(client.initialize())
                    .assertNext(r -> assertThat(r.protocolVersion()).isEqualTo("2025-11-25"))
                    .verifyComplete();
            StepVerifier.create(client.listTools())
                    .assertNext(r -> assertThat(r.tools()).extracting(McpSchema.Tool::name)
                            .containsExactlyInAnyOrder("echo", "chatty"))
                    .verifyComplete();
            StepVerifier.create(client.callTool(new McpSchema.CallToolRequest("echo", TestMcpServer.args("hi"))))
                    .assertNext(r -> assertThat(((McpSchema.TextContent) r.content().get(0)).text()).isEqualTo("hi"))
                    .verifyComplete();
            // a handler that logs first is answered as an SSE stream: the log arrives, then the result
            StepVerifier.create(client.callTool(new McpSchema.CallToolRequest("chatty", Map.of())))
                    .assertNext(r -> assertThat(((McpSchema.TextContent) r.content().get(0)).text()).isEqualTo("done"))
                    .verifyComplete();
            assertThat(logs).contains("hello");
            StepVerifier.create(client.ping()).expectNextCount(1).verifyComplete();
            assertThat(server.provider.sessionIds()).hasSize(1);
        } finally {
            client.closeGracefully().block(Duration.ofSeconds(10));
        }
        // the client's close sends DELETE: the session is gone
        assertThat(server.provider.sessionIds()).isEmpty();
    }

    @Test
    void dnsRebindingProtectionChecksHostAndOrigin() {
        start(HttpTransportOptions.defaults());
        RawHttp raw = new RawHttp(server.port());
        Map<String, String> evilHost = RawHttp.postHeaders(null);
        evilHost.put("Host", "evil.example.com");
        assertThat(raw.send(HttpMethod.POST, "/mcp", evilHost, RawHttp.INITIALIZE).status()).isEqualTo(403);

        Map<String, String> evilOrigin = RawHttp.postHeaders(null);
        evilOrigin.put("Origin", "http://evil.example.com");
        assertThat(raw.send(HttpMethod.POST, "/mcp", evilOrigin, RawHttp.INITIALIZE).status()).isEqualTo(403);

        for (String host : List.of("localhost", "localhost:" + server.port(), "127.0.0.1:" + server.port(), "[::1]:80")) {
            Map<String, String> ok = RawHttp.postHeaders(null);
            ok.put("Host", host);
            ok.put("Origin", "http://" + host);
            assertThat(raw.send(HttpMethod.POST, "/mcp", ok, RawHttp.INITIALIZE).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void bearerTokenIsRequiredWhenConfigured() {
        start(HttpTransportOptions.builder().bearerToken("s3cret").build());
        RawHttp raw = new RawHttp(server.port());
        RawHttp.Response none = raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(null), RawHttp.INITIALIZE);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        Map<String, String> wrong = RawHttp.postHeaders(null);
        wrong.put("Authorization", "Bearer s3cre");
        assertThat(raw.send(HttpMethod.POST, "/mcp", wrong, RawHttp.INITIALIZE).status()).isEqualTo(401);
        Map<String, String> right = RawHttp.postHeaders(null);
        right.put("Authorization", "Bearer s3cret");
        assertThat(raw.send(HttpMethod.POST, "/mcp", right, RawHttp.INITIALIZE).status()).isEqualTo(200);
    }

    @Test
    void oversizedBodiesAreRejectedWith413() {
        start(HttpTransportOptions.builder().maxRequestBytes(2048).build());
        RawHttp raw = new RawHttp(server.port());
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(4000) + "\"}}";
        assertThat(raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(null), big).status()).isEqualTo(413);
        // and a normal request still works afterwards
        assertThat(raw.initialize()).isNotBlank();
    }

    @Test
    void methodsPathsAndHeadersAreValidated() {
        start(HttpTransportOptions.defaults());
        RawHttp raw = new RawHttp(server.port());
        RawHttp.Response put = raw.send(HttpMethod.PUT, "/mcp", RawHttp.postHeaders(null), "{}");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).contains("POST");
        assertThat(raw.send(HttpMethod.POST, "/other", RawHttp.postHeaders(null), RawHttp.INITIALIZE).status()).isEqualTo(404);

        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        assertThat(raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(null), list).status()).as("no session").isEqualTo(400);
        assertThat(raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders("no-such-session"), list).status()).isEqualTo(404);

        String id = raw.initialize();
        Map<String, String> badVersion = RawHttp.postHeaders(id);
        badVersion.put("MCP-Protocol-Version", "1999-01-01");
        assertThat(raw.send(HttpMethod.POST, "/mcp", badVersion, list).status()).isEqualTo(400);
        Map<String, String> noAccept = RawHttp.postHeaders(id);
        noAccept.put("Accept", "application/json");
        assertThat(raw.send(HttpMethod.POST, "/mcp", noAccept, list).status()).isEqualTo(406);
        Map<String, String> text = RawHttp.postHeaders(id);
        text.put("Content-Type", "text/plain");
        assertThat(raw.send(HttpMethod.POST, "/mcp", text, list).status()).isEqualTo(415);
        RawHttp.Response garbage = raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(id), "{not json");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body()).contains("-32700");

        RawHttp.Response ok = raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(id), list);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Content-Type")).startsWith("application/json");
        assertThat(ok.body()).contains("\"echo\"");

        RawHttp.Response notification = raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(id),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}");
        assertThat(notification.status()).isEqualTo(202);
    }

    @Test
    void streamingHandlerAnswersWithSse() {
        start(HttpTransportOptions.defaults());
        RawHttp raw = new RawHttp(server.port());
        String id = raw.initialize();
        RawHttp.Response r = raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(id),
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"chatty\",\"arguments\":{}}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/event-stream");
        assertThat(r.body()).contains("notifications/message");
        assertThat(r.body().indexOf("notifications/message")).isLessThan(r.body().indexOf("\"id\":7"));
    }

    @Test
    void deleteEndsTheSession() {
        start(HttpTransportOptions.defaults());
        RawHttp raw = new RawHttp(server.port());
        String id = raw.initialize();
        assertThat(raw.send(HttpMethod.DELETE, "/mcp", RawHttp.postHeaders(id), null).status()).isEqualTo(200);
        assertThat(raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(id),
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").status()).isEqualTo(404);
        assertThat(raw.send(HttpMethod.DELETE, "/mcp", RawHttp.postHeaders(id), null).status()).isEqualTo(404);
        assertThat(raw.send(HttpMethod.DELETE, "/mcp", RawHttp.postHeaders(null), null).status()).isEqualTo(400);
    }

    @Test
    void abandonedSessionsExpireAfterTheIdleTimeout() {
        start(HttpTransportOptions.builder().sessionIdleTimeout(Duration.ofMillis(400)).build());
        RawHttp raw = new RawHttp(server.port());
        String idle = raw.initialize();
        String busy = raw.initialize();
        // one session keeps sending requests (each restarts its idle clock), the other sends nothing
        Boolean expired = Mono.fromCallable(() -> {
                    assertThat(raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(busy),
                            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").status()).isEqualTo(200);
                    return !server.provider.sessionIds().contains(idle);
                })
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .filter(b -> b)
                .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(50)))
                .timeout(Duration.ofSeconds(10), Mono.just(false))
                .block(Duration.ofSeconds(30));
        assertThat(expired).as("idle session expired").isTrue();
        assertThat(server.provider.sessionIds()).containsExactly(busy);
        assertThat(raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(idle),
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}").status()).isEqualTo(404);
    }

    @Test
    void interceptorAnswersChosenRequests() {
        start(HttpTransportOptions.defaults());
        RawHttp raw = new RawHttp(server.port());
        String id = raw.initialize();
        RawHttp.Response hello = raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(id),
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"custom/hello\"}");
        assertThat(hello.body()).contains("\"session\":\"" + id + "\"").contains("\"id\":3");
        RawHttp.Response fail = raw.send(HttpMethod.POST, "/mcp", RawHttp.postHeaders(id),
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"custom/fail\"}");
        assertThat(fail.body()).contains("-32602").contains("nope");
    }

    @Test
    void listeningStreamCarriesServerNotificationsToItsSessionOnly() {
        start(HttpTransportOptions.defaults());
        RawHttp raw = new RawHttp(server.port());
        String id = raw.initialize();
        String other = raw.initialize();
        Map<String, String> headers = RawHttp.postHeaders(id);
        headers.put("Accept", "text/event-stream");
        Map<String, String> otherHeaders = RawHttp.postHeaders(other);
        otherHeaders.put("Accept", "text/event-stream");

        StepVerifier.create(sse(headers).filter(s -> s.contains("resources/updated")).take(1))
                .then(() -> {
                    // deliver once the stream is attached: retry until the session has a listening stream
                    Mono.defer(() -> server.provider.notifyClient(id, "notifications/resources/updated",
                                    Map.of("uri", "kv://a/b")))
                            .retryWhen(reactor.util.retry.Retry.fixedDelay(50, Duration.ofMillis(100)))
                            .subscribe();
                })
                .assertNext(s -> assertThat(s).contains("kv://a/b"))
                .thenCancel()
                .verify(Duration.ofSeconds(10));

        // the other session's stream sees keep-alives at most, never that notification
        StepVerifier.create(sse(otherHeaders).filter(s -> s.contains("resources/updated")).take(Duration.ofMillis(500)))
                .verifyComplete();
        // unknown session: 404
        Map<String, String> unknown = RawHttp.postHeaders("nope");
        unknown.put("Accept", "text/event-stream");
        assertThat(raw.send(HttpMethod.GET, "/mcp", unknown, null).status()).isEqualTo(404);
    }

    private reactor.core.publisher.Flux<String> sse(Map<String, String> headers) {
        return HttpClient.create()
                .headers(h -> headers.forEach(h::set))
                .get()
                .uri(server.url() + "/mcp")
                .responseContent()
                .asString();
    }
}
