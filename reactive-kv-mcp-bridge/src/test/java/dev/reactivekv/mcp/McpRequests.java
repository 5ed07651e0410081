package dev.reactivekv.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** The streamable-HTTP requests of a raw MCP client, as the bridge's HTTP tests send them; every wait bounded. */
final class McpRequests {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String PROTOCOL = "2025-11-25";

    private McpRequests() {
    }

    /** {@code initialize} as client {@code clientName}; the new session's id. */
    static String initialize(String url, String clientName) {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + PROTOCOL + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"" + clientName + "\",\"version\":\"1\"}}}";
        String id = HttpClient.create().headers(h -> h.set("Content-Type", "application/json")
                        .set("Accept", "application/json, text/event-stream"))
                .post().uri(url).send(body(json))
                .responseSingle((res, content) -> Mono.justOrEmpty(res.responseHeaders().get("Mcp-Session-Id")))
                .block(TIMEOUT);
        assertThat(id).isNotNull();
        return id;
    }

    /** A POST of {@code json} in the session; the response body ("" when there is none). */
    static String post(String url, String sessionId, String json) {
        return HttpClient.create().headers(h -> h.set("Content-Type", "application/json")
                        .set("Accept", "application/json, text/event-stream").set("Mcp-Session-Id", sessionId)
                        .set("MCP-Protocol-Version", PROTOCOL))
                .post().uri(url).send(body(json))
                .responseSingle((res, content) -> content.asString().defaultIfEmpty(""))
                .block(TIMEOUT);
    }

    /** The session's GET listening stream, as text, resumed after {@code lastEventId} when given. */
    static Flux<String> listen(String url, String sessionId, @Nullable String lastEventId) {
        return HttpClient.create().headers(h -> {
                    h.set("Accept", "text/event-stream").set("Mcp-Session-Id", sessionId).set("MCP-Protocol-Version", PROTOCOL);
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .get().uri(url).responseContent().asString();
    }

    private static Mono<ByteBuf> body(String json) {
        return Mono.just(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
    }
}
