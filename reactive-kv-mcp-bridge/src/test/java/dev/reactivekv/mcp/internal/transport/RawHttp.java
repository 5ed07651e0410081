package dev.reactivekv.mcp.internal.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** Raw HTTP requests whose headers (Host included) the test controls completely. */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    Response send(HttpMethod method, String path, Map<String, String> headers, String body) {
        HttpClient.RequestSender sender = HttpClient.create()
                .headers(h -> headers.forEach(h::set))
                .request(method)
                .uri("http://127.0.0.1:" + port + path);
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender
                : sender.send(Mono.just(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))));
        return receiver
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    Map<String, String> h = new java.util.LinkedHashMap<>();
                    res.responseHeaders().forEach(e -> h.put(e.getKey(), e.getValue()));
                    return new Response(res.status().code(), h, text);
                }))
                .block(Duration.ofSeconds(10));
    }

    static Map<String, String> postHeaders(String sessionId) {
        Map<String, String> h = new java.util.HashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        h.put("Host", "localhost");
        if (sessionId != null) {
            h.put("Mcp-Session-Id", sessionId);
            h.put("MCP-Protocol-Version", "2025-11-25");
        }
        return h;
    }

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    /** Initializes a session and returns its id. */
    String initialize() {
        Response r = send(HttpMethod.POST, "/mcp", postHeaders(null), INITIALIZE);
        if (r.status() != 200) {
            throw new AssertionError("initialize failed: " + r);
        }
        String id = r.header("Mcp-Session-Id");
        send(HttpMethod.POST, "/mcp", postHeaders(id),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return id;
    }
}
