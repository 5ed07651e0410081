package dev.reactivekv.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.mcp.transport.HttpTransportOptions;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * MCP over Streamable HTTP under churn and bad input (docs/reliability.md, "MCP transports"): 1,000 sessions
 * connect, subscribe and leave (half by DELETE, half by going idle) and leave nothing behind (the bridge's
 * per-session structures are empty and the retained heap is back to its baseline); malformed JSON-RPC, wrong
 * content types, oversized bodies, foreign Hosts/Origins and bad tokens each get their HTTP status and JSON-RPC
 * error, and the server goes on serving.
 */
class McpHttpReliabilityTest {

    private static final String TOKEN = "t0ken-for-tests";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"churn\",\"version\":\"1\"}}}";

    private final KeyValueStore store = MemoryStore.create();
    private final ConnectionProvider connections = ConnectionProvider.create("rkv-churn", 32);
    private KvMcpServer server;
    private HttpClient http;

    /** What one request got back. */
    record Response(int status, @Nullable String sessionId, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        int rpcCode() {
            return json().path("error").path("code").asInt();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        connections.disposeLater().block(TIMEOUT);
        store.close();
    }

    private void start(Duration idleTimeout) {
        server = KvMcpServer.startHttp(store, BridgeOptions.defaults(), HttpTransportOptions.builder()
                .bearerToken(TOKEN).maxRequestBytes(64 * 1024).sessionIdleTimeout(idleTimeout).build(),
                "127.0.0.1", 0);
        http = HttpClient.create(connections).baseUrl("http://127.0.0.1:" + server.port());
    }

    private static Map<String, String> headers(@Nullable String sessionId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        h.put("Authorization", "Bearer " + TOKEN);
        if (sessionId != null) {
            h.put("Mcp-Session-Id", sessionId);
            h.put("MCP-Protocol-Version", "2025-11-25");
        }
        return h;
    }

    private Mono<Response> send(HttpMethod method, Map<String, String> headers, @Nullable String body) {
        HttpClient.RequestSender sender = http.headers(h -> headers.forEach(h::set)).request(method).uri("/mcp");
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender
                : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))));
        return receiver.responseSingle((res, content) -> content.asString().defaultIfEmpty("")
                .map(text -> new Response(res.status().code(), res.responseHeaders().get("Mcp-Session-Id"), text)));
    }

    private Response call(HttpMethod method, Map<String, String> headers, @Nullable String body) {
        return send(method, headers, body).block(TIMEOUT);
    }

    /** One session's life: initialize, subscribe, then DELETE or walk away. */
    private Mono<Void> session(int i) {
        return send(HttpMethod.POST, headers(null), INITIALIZE).flatMap(init -> {
            assertThat(init.status()).as("initialize").isEqualTo(200);
            String id = init.sessionId();
            Mono<Void> leave = i % 2 == 0
                    ? send(HttpMethod.DELETE, headers(id), null)
                            .doOnNext(r -> assertThat(r.status()).as("DELETE").isEqualTo(200)).then()
                    : Mono.empty();
            return send(HttpMethod.POST, headers(id), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                    .then(send(HttpMethod.POST, headers(id), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                            + "\"resources/subscribe\",\"params\":{\"uri\":\"kv://churn/k" + (i % 50) + "\"}}"))
                    .doOnNext(r -> assertThat(r.body()).as("subscribe").contains("\"result\""))
                    .then(leave);
        });
    }

    private void churn(int sessions) {
        Flux.range(0, sessions).flatMap(this::session, 16).then().block(Duration.ofMinutes(3));
        await("every session gone (DELETE or idle expiry)", () -> server.sessionIds().isEmpty());
        await("the hub holds nothing per session", () -> server.hub().sessionStateCount() == 0
                && server.hub().watchCount() == 0);
    }

    @Test
    void thousandSessionsComeAndGoAndLeaveNothingBehind() {
        // long enough for a session's three requests on a loaded machine, short enough to wait for
        start(Duration.ofSeconds(10));
        churn(50); // warm-up: classes, pools, caches
        long baseline = retainedHeap();
        long started = System.nanoTime();
        churn(1000);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        long after = retainedHeap();
        System.out.printf("1,000 sessions in %d s; retained heap %,d -> %,d bytes%n", seconds, baseline, after);
        // a leak of 8 KiB per session (far less than one SDK session with its streams) would exceed this
        assertThat(after - baseline).as("retained heap growth after 1,000 sessions").isLessThan(8L << 20);
        assertThat(call(HttpMethod.POST, headers(null), INITIALIZE).status()).isEqualTo(200);
    }

    @Test
    void badRequestsGetTheirErrorAndTheServerGoesOn() {
        start(HttpTransportOptions.defaults().sessionIdleTimeout());
        String id = call(HttpMethod.POST, headers(null), INITIALIZE).sessionId();
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}";

        expect(call(HttpMethod.POST, headers(id), "{not json"), 400, -32700);
        expect(call(HttpMethod.POST, headers(id), "{\"jsonrpc\":\"2.0\",\"foo\":1}"), 400, -32600);
        expect(call(HttpMethod.POST, headers(id), "[" + ping + "]"), 400, -32600);
        expect(call(HttpMethod.POST, headers(id), "42"), 400, -32600);
        Map<String, String> text = headers(id);
        text.put("Content-Type", "text/plain");
        expect(call(HttpMethod.POST, text, ping), 415, -32600);
        Map<String, String> noSse = headers(id);
        noSse.put("Accept", "application/json");
        expect(call(HttpMethod.POST, noSse, ping), 406, -32600);
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(100_000) + "\"}}";
        expect(call(HttpMethod.POST, headers(id), huge), 413, -32600);
        Map<String, String> evilOrigin = headers(id);
        evilOrigin.put("Origin", "http://evil.example.com");
        expect(call(HttpMethod.POST, evilOrigin, ping), 403, -32600);
        Map<String, String> evilHost = headers(id);
        evilHost.put("Host", "evil.example.com");
        expect(call(HttpMethod.POST, evilHost, ping), 403, -32600);
        Map<String, String> badToken = headers(id);
        badToken.put("Authorization", "Bearer wrong");
        expect(call(HttpMethod.POST, badToken, ping), 401, -32600);
        Map<String, String> noToken = headers(id);
        noToken.remove("Authorization");
        expect(call(HttpMethod.POST, noToken, ping), 401, -32600);
        expect(call(HttpMethod.POST, headers("no-such-session"), ping), 404, -32600);
        expect(call(HttpMethod.POST, headers(null), ping), 400, -32600);

        // the session survived all of it
        Response pong = call(HttpMethod.POST, headers(id), ping);
        assertThat(pong.status()).isEqualTo(200);
        assertThat(pong.json().path("id").asInt()).isEqualTo(5);
        assertThat(pong.json().has("result")).isTrue();
    }

    private static void expect(Response r, int status, int rpcCode) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.json().path("jsonrpc").asText()).as("JSON-RPC error body %s", r).isEqualTo("2.0");
        assertThat(r.rpcCode()).as("JSON-RPC code of %s", r).isEqualTo(rpcCode);
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
    }

    /** Heap in use after full collections (explicit GCs are full collections with the JVM's defaults). */
    private static long retainedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Bounded polling on the test thread. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
