package dev.reactivekv.mcp.internal.transport;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A JSON-RPC message together with its JSON text, serialised once and sent as it is to any number of sessions: the
 * fan-out of one change to N subscribers costs one serialisation, not N (nor 2N: the event log and the SSE stream
 * take the same text). Equal when message and text are. Not API.
 *
 * @param message the message (what the stdio transport and the latency probe look at)
 * @param json    its JSON text, exactly what is logged and written
 */
public record PreparedMessage(McpSchema.JSONRPCMessage message, String json) {

    /** Serialises a notification; fails with {@link UncheckedIOException} if the mapper cannot. */
    public static PreparedMessage notification(McpJsonMapper mapper, String method, Object params) {
        McpSchema.JSONRPCNotification n = new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, params);
        try {
            return new PreparedMessage(n, mapper.writeValueAsString(n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + method, e);
        }
    }
}
