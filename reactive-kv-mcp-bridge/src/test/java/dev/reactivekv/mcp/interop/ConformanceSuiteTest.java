package dev.reactivekv.mcp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.mcp.BridgeOptions;
import dev.reactivekv.mcp.KvMcpServer;
import dev.reactivekv.mcp.transport.HttpTransportOptions;
import dev.reactivekv.memory.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP conformance suite ({@code @modelcontextprotocol/conformance}, pinned in {@code src/test/node}) against the
 * bridge over Streamable HTTP. Every scenario that does not need the suite's fixed fixtures (its {@code test_*}
 * tools, prompts and {@code test://} resources) must pass; docs/mcp.md lists the others and why.
 */
class ConformanceSuiteTest {

    /** The scenarios a store bridge can pass: none of them needs the suite's own fixtures. */
    static final List<String> REQUIRED = List.of("server-initialize", "ping", "logging-set-level", "tools-list",
            "server-sse-multiple-streams", "resources-list", "resources-subscribe", "resources-unsubscribe",
            "dns-rebinding-protection");

    @TempDir
    Path results;

    @Test
    void everyScenarioWithoutFixturesPasses() throws Exception {
        NodeClients.requireInstalled();
        NodeClients.Run run;
        try (KeyValueStore store = MemoryStore.create();
             KvMcpServer server = KvMcpServer.startHttp(store, BridgeOptions.defaults(),
                     HttpTransportOptions.defaults(), "127.0.0.1", 0)) {
            store.put("docs", "readme", Map.of("text", "hello")).block();
            run = NodeClients.node(240, "node_modules/@modelcontextprotocol/conformance/dist/index.js", "server",
                    "--url", "http://127.0.0.1:" + server.port() + "/mcp", "-o", results.toString());
        }
        System.out.println(run.output());
        Map<String, String> outcome = outcomes(results);
        System.out.println("conformance outcomes: " + outcome);
        for (String scenario : REQUIRED) {
            assertThat(outcome.get(scenario)).as("scenario %s; suite output:\n%s", scenario, run.output())
                    .isEqualTo("SUCCESS");
        }
    }

    /** Scenario name → SUCCESS when every check of it succeeded, else the first other status. */
    private static Map<String, String> outcomes(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> outcome = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path checks : files.filter(p -> p.getFileName().toString().equals("checks.json")).toList()) {
                // results/server-<scenario>-<ISO timestamp>/checks.json
                String folder = checks.getParent().getFileName().toString();
                String scenario = folder.replaceFirst("^server-", "").replaceFirst("-\\d{4}-\\d{2}-\\d{2}T.*$", "");
                String status = "SUCCESS";
                JsonNode all = json.readTree(checks.toFile());
                if (all.isEmpty()) {
                    status = "NO CHECKS";
                }
                for (JsonNode check : all) {
                    String s = check.path("status").asText();
                    if (!"SUCCESS".equals(s) && !"INFO".equals(s)) {
                        status = s + ": " + check.path("errorMessage").asText();
                        break;
                    }
                }
                outcome.put(scenario, status);
            }
        }
        return outcome;
    }
}
