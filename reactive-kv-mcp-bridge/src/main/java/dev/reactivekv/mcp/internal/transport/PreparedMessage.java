package dev.reactivekv.mcp.internal.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A JSON-RPC message together with its JSON text and that text's UTF-8 bytes, serialised and encoded once and sent as
 * they are to any number of sessions: the fan-out of one change to N subscribers costs one serialisation, not N (nor
 * 2N: the event log and the SSE stream take the same text), and each session's SSE frame copies the shared bytes
 * rather than encoding the text again. Equal when message and text are. Not API.
 *
 * @param message the message (what the stdio transport and the latency probe look at)
 * @param json    its JSON text, exactly what is logged and written
 * @param utf8    {@code json} as UTF-8 (shared: never modify it)
 */
public record PreparedMessage(McpSchema.JSONRPCMessage message, String json, byte[] utf8) {

    /** Serialises a notification; fails with {@link UncheckedIOException} if the mapper cannot. */
    public static PreparedMessage notification(McpJsonMapper mapper, String method, Object params) {
        McpSchema.JSONRPCNotification n = new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, params);
        try {
            String json = mapper.writeValueAsString(n);
            return new PreparedMessage(n, json, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + method, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedMessage p && message.equals(p.message) && json.equals(p.json);
    }

    @Override
    public int hashCode() {
        return 31 * message.hashCode() + json.hashCode();
    }

    @Override
    public String toString() {
        return "PreparedMessage[" + json + "]";
    }
}
