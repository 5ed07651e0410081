package dev.reactivekv.mcp.internal.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;

/**
 * One incoming JSON-RPC message, or the error it is answered with (JSON-RPC 2.0 §5.1): unparsable JSON →
 * -32700 (id null); JSON that is not a request, notification or response, or a batch (MCP 2025-06-18 dropped
 * batching) → -32600 with the message's {@code id} when one can be read.
 */
record JsonRpcDecoding(McpSchema.@Nullable JSONRPCMessage message, @Nullable Object id, int code, String error) {

    static JsonRpcDecoding decode(McpJsonMapper mapper, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Object json;
        try {
            json = mapper.readValue(text, Object.class);
        } catch (IOException | RuntimeException e) {
            return failure(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: not valid JSON");
        }
        if (!(json instanceof Map<?, ?>)) {
            return failure(null, McpSchema.ErrorCodes.INVALID_REQUEST, json instanceof List<?>
                    ? "Invalid Request: batches are not supported; send one message at a time"
                    : "Invalid Request: a JSON-RPC message is a JSON object");
        }
        try {
            return new JsonRpcDecoding(McpSchema.deserializeJsonRpcMessage(mapper, text), null, 0, "");
        } catch (IOException | RuntimeException e) {
            return failure(JsonRpcIds.find(body), McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: not a JSON-RPC 2.0 request, notification or response");
        }
    }

    private static JsonRpcDecoding failure(@Nullable Object id, int code, String error) {
        return new JsonRpcDecoding(null, id, code, error);
    }
}
