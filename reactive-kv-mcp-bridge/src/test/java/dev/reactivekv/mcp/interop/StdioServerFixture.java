package dev.reactivekv.mcp.interop;

import java.nio.file.Path;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.mcp.BridgeOptions;
import dev.reactivekv.mcp.KvMcpServer;

/**
 * A stdio MCP server process like {@code reactive-kv serve --store memory:}, that also accepts direct store
 * writes through {@link DirectWrites} FIFOs (args: command FIFO, answer FIFO), so that a client spawned over stdio
 * can see changes made outside MCP.
 */
public final class StdioServerFixture {

    private StdioServerFixture() {
    }

    public static void main(String[] args) {
        try (KeyValueStore store = KeyValueStores.open("memory:")) {
            DirectWrites.serve(store, Path.of(args[0]), Path.of(args[1]));
            KvMcpServer server = KvMcpServer.startStdio(store, BridgeOptions.defaults(), System.in, System.out);
            server.onClose().block();
            server.close();
        }
        System.exit(0);
    }
}
