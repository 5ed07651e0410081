package dev.reactivekv.mcp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.mcp.BridgeOptions;
import dev.reactivekv.mcp.KvMcpServer;
import dev.reactivekv.mcp.transport.HttpTransportOptions;
import dev.reactivekv.memory.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP TypeScript SDK client ({@code @modelcontextprotocol/sdk}, run by {@code sdk-client.mjs}) against
 * the bridge: subscribe, change via a tool and via the store directly, receive {@code resources/updated}; delete
 * gives {@code updated} and {@code list_changed}; page through 1,000 keys with cursors and read each exactly once.
 * The same client against the command line ({@code reactive-kv serve}) is reactive-kv-cli's
 * {@code CommandLineSdkClientTest}.
 */
class SdkClientInteropTest {

    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path tmp;

    @Test
    void overStreamableHttp() throws Exception {
        NodeClients.requireInstalled();
        List<Path> fifos = DirectWrites.fifos(tmp);
        try (KeyValueStore store = MemoryStore.create();
             KvMcpServer server = KvMcpServer.startHttp(store, BridgeOptions.defaults(),
                     HttpTransportOptions.defaults(), "127.0.0.1", 0)) {
            Thread writes = DirectWrites.serve(store, fifos.get(0), fifos.get(1));
            try {
                assertPassed(NodeClients.node(TIMEOUT_SECONDS, "sdk-client.mjs", "http",
                        "http://127.0.0.1:" + server.port() + "/mcp",
                        "--direct", fifos.get(0).toString(), fifos.get(1).toString()));
            } finally {
                writes.interrupt();
            }
        }
    }

    @Test
    void overStdioWithDirectStoreWrites() throws Exception {
        List<Path> fifos = DirectWrites.fifos(tmp);
        List<String> args = new ArrayList<>(List.of("sdk-client.mjs", "stdio",
                "--direct", fifos.get(0).toString(), fifos.get(1).toString(), "--"));
        args.addAll(NodeClients.java(StdioServerFixture.class.getName(), fifos.get(0).toString(),
                fifos.get(1).toString()));
        assertPassed(NodeClients.node(TIMEOUT_SECONDS, args.toArray(String[]::new)));
    }

    private static void assertPassed(NodeClients.Run run) {
        System.out.println(run.output());
        assertThat(run.exitCode()).as("sdk-client.mjs output:\n%s", run.output()).isZero();
        assertThat(run.output()).contains("PASS");
    }
}
