package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.tck.process.ChildJvm;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The disk store's main job end to end across processes: an MCP host runs {@code reactive-kv serve} (stdio)
 * on a disk store and subscribes to {@code kv://sub/k1}; then {@code reactive-kv put}, another process,
 * writes that key. The change journal carries the write to the server, which notifies the subscriber
 * ({@code resources/updated}) and announces the new key ({@code list_changed}).
 */
class CrossProcessSubscriptionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aServerNotifiesItsSubscribersOfAWriteMadeByTheCommandLineInAnotherProcess() throws Exception {
        String store = "disk:" + dir.resolve("kv") + "?encrypted=false";
        List<String> updated = new CopyOnWriteArrayList<>();
        List<String> listChanges = new CopyOnWriteArrayList<>();
        List<String> serve = ChildJvm.command(Main.class.getName(), "serve", "--store", store);
        ServerParameters server = ServerParameters.builder(serve.get(0)).args(serve.subList(1, serve.size())).build();
        McpAsyncClient client = McpClient.async(new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper())))
                .requestTimeout(PATIENCE)
                // the child JVM opens a disk store (Chronicle compiles at run time) under BlockHound: ~30 s and more on a loaded 2-core machine
                .initializationTimeout(PATIENCE)
                .resourcesUpdateConsumer(contents -> Mono.fromRunnable(() -> contents.forEach(rc -> updated.add(rc.uri()))))
                .resourcesChangeConsumer(list -> Mono.fromRunnable(() -> listChanges.add("changed")))
                .build();
        try {
            client.initialize().block(PATIENCE);
            client.subscribeResource(new McpSchema.SubscribeRequest("kv://sub/k1")).block(PATIENCE);

            run("put", "-c", "sub", "k1", "{\"v\":3}", "--store", store);

            await("resources/updated for kv://sub/k1", () -> updated.contains("kv://sub/k1"));
            await("list_changed for the new key", () -> !listChanges.isEmpty());
            McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("kv://sub/k1"))
                    .block(PATIENCE);
            assertThat(((McpSchema.TextResourceContents) read.contents().get(0)).text()).contains("\"v\"").contains("3");
        } finally {
            client.closeGracefully().block(PATIENCE);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Boolean ok = Mono.fromCallable(condition::getAsBoolean).filter(b -> b)
                .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
                .timeout(PATIENCE, Mono.just(false))
                .block(PATIENCE.plusSeconds(5));
        if (!Boolean.TRUE.equals(ok)) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    private static void run(String... args) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.command(Main.class.getName(), args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("reactive-kv %s finished", List.of(args)).isTrue();
        assertThat(p.exitValue()).as("reactive-kv %s: %s", List.of(args), out).isZero();
    }
}
