package dev.reactivekv.mcp.internal.transport;

import java.util.List;
import java.util.Map;

import dev.reactivekv.mcp.transport.HttpTransportOptions;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** A small SDK server on the Netty transport: tool {@code echo}, and {@code chatty} which logs before answering. */
final class TestMcpServer implements AutoCloseable {

    static final McpJsonMapper MAPPER = McpJsonDefaults.getMapper();

    final NettyStreamableHttpServerTransportProvider provider;
    final McpAsyncServer server;
    final DisposableServer http;

    TestMcpServer(HttpTransportOptions options, RequestInterceptor interceptor) {
        provider = NettyStreamableHttpServerTransportProvider.builder()
                .jsonMapper(MAPPER).options(options).interceptor(interceptor).build();
        McpSchema.Tool echo = McpSchema.Tool.builder().name("echo").description("echoes text")
                .inputSchema(MAPPER, "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}").build();
        McpSchema.Tool chatty = McpSchema.Tool.builder().name("chatty").description("logs, then answers")
                .inputSchema(MAPPER, "{\"type\":\"object\"}").build();
        server = McpServer.async(provider)
                .serverInfo("test", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
                .tools(List.of(
                        McpServerFeatures.AsyncToolSpecification.builder().tool(echo)
                                .callHandler((ex, req) -> Mono.just(McpSchema.CallToolResult.builder()
                                        .addTextContent(String.valueOf(req.arguments().get("text"))).build()))
                                .build(),
                        McpServerFeatures.AsyncToolSpecification.builder().tool(chatty)
                                .callHandler((ex, req) -> ex.loggingNotification(
                                                McpSchema.LoggingMessageNotification.builder()
                                                        .level(McpSchema.LoggingLevel.ERROR).data("hello").build())
                                        .then(Mono.just(McpSchema.CallToolResult.builder()
                                                .addTextContent("done").build())))
                                .build()))
                .build();
        http = provider.bind("127.0.0.1", 0).block(java.time.Duration.ofSeconds(30));
    }

    int port() {
        return http.port();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.closeGracefully().block(java.time.Duration.ofSeconds(10));
        http.disposeNow();
    }

    static Map<String, Object> args(String text) {
        return Map.of("text", text);
    }
}
