package dev.reactivekv.mcp.internal.transport;

/** An HTTP-level rejection: status, a JSON-RPC error code and a message for the body. */
record HttpError(int status, int rpcCode, String message) {

    static HttpError of(int status, String message) {
        return new HttpError(status, io.modelcontextprotocol.spec.McpSchema.ErrorCodes.INVALID_REQUEST, message);
    }
}
