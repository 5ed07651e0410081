package dev.reactivekv.mcp.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Stream;

import dev.reactivekv.mcp.transport.HttpTransportOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A keep-alive connection goes on serving after a request that is rejected before its body is read, when that request
 * arrived while the previous response was still being written. Reactor Netty queues such a request; answering it
 * without reading its body left the body in that queue, and the connection then read nothing more: the client's next
 * request on it got no answer at all (seen as a POST timing out in {@link NettyStreamableHttpTransportTest}).
 */
class QueuedRequestTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private TestMcpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("PUT", "/mcp", "Content-Type: application/json\r\n", PING, 405),
                Arguments.of("POST", "/other", "Content-Type: application/json\r\n", PING, 404),
                Arguments.of("POST", "/mcp", "Content-Type: text/plain\r\n", PING, 415),
                Arguments.of("POST", "/mcp", "Content-Type: application/json\r\nOrigin: http://evil.example.com\r\n",
                        PING, 403),
                Arguments.of("GET", "/mcp", "", null, 400),
                Arguments.of("GET", "/mcp", "Mcp-Session-Id: no-such-session\r\n", null, 404),
                Arguments.of("DELETE", "/mcp", "", null, 400));
    }

    @ParameterizedTest(name = "{0} {1} -> {4}")
    @MethodSource("rejected")
    void theConnectionServesTheNextRequest(String method, String path, String headers, String body, int status)
            throws IOException {
        server = new TestMcpServer(HttpTransportOptions.defaults(), RequestInterceptor.NONE);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // one write: the first request (without a session: 400, answered off the event loop once its body is read)
            // is still being answered when the second arrives, so Reactor Netty queues the second with its body
            out.write((request("POST", "/mcp", "Content-Type: application/json\r\n", PING)
                    + request(method, path, headers, body)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(status(in)).isEqualTo(400);
            assertThat(status(in)).isEqualTo(status);
            out.write(request("POST", "/mcp", "Content-Type: application/json\r\n", PING).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(status(in)).as("the request after the rejected one").isEqualTo(400);
        }
    }

    private static String request(String method, String path, String headers, String body) {
        StringBuilder r = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n")
                .append("Accept: application/json, text/event-stream\r\n")
                .append(headers);
        if (body != null) {
            r.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        return r.append("\r\n").append(body == null ? "" : body).toString();
    }

    /** Reads one response with a Content-Length (every answer here has one) and returns its status. */
    private static int status(InputStream in) throws IOException {
        String statusLine = line(in);
        int length = -1;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring("content-length:".length()).trim());
            }
        }
        assertThat(length).as("Content-Length of " + statusLine).isNotNegative();
        assertThat(in.readNBytes(length)).hasSize(length);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed; read so far: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
