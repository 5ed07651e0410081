package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import org.junit.jupiter.api.Test;

/**
 * Sessions kept in the store, over raw HTTP against real {@code reactive-kv serve --http} processes on one Redis:
 * a session started on instance A survives A's {@code kill -9} and restart (no new {@code initialize}), is notified
 * of a write made through instance B while no instance held it, and its stream resumes ({@code Last-Event-ID})
 * on either instance with the events it missed, under their original ids.
 */
class SessionTakeoverTest {

    static String redis() {
        String port = System.getenv("RKV_REDIS_PORT");
        return "redis://127.0.0.1:" + (port == null || port.isBlank() ? "16379" : port) + "/0";
    }

    @Test
    void aSessionOutlivesItsInstanceAndResumesItsStreamOnAnyInstance() throws Exception {
        String collection = "takeover-" + UUID.randomUUID();
        String uri = "kv://" + collection + "/k";
        McpHttp mcp = new McpHttp();
        int portA = ServeProcess.freePort();
        ServeProcess a = ServeProcess.start(portA, "--store", redis());
        try (ServeProcess b = ServeProcess.start(ServeProcess.freePort(), "--store", redis())) {
            String session = mcp.initialize(a.url());
            mcp.result(a.url(), session, "resources/subscribe", Map.of("uri", uri));
            McpHttp.Stream first = mcp.listen(a.url(), session, null);
            assertThat(first.status).isEqualTo(200);

            String writer = mcp.initialize(b.url());
            put(mcp, b.url(), writer, collection, 1);
            McpHttp.await("resources/updated on A", () -> first.has(e -> uri.equals(e.uri())));
            McpHttp.Event seen = first.events.stream().filter(e -> uri.equals(e.uri())).findFirst().orElseThrow();
            assertThat(seen.id()).as("SSE events carry ids").isNotNull();

            // the listening stream drops with its instance; the next write has nobody watching for the session
            a.kill();
            put(mcp, b.url(), writer, collection, 2);
            a = ServeProcess.start(portA, "--store", redis());

            McpHttp.Stream resumed = mcp.listen(a.url(), session, seen.id());
            assertThat(resumed.status).as("the restarted instance knows the old session id").isEqualTo(200);
            McpHttp.await("the update written meanwhile", () -> resumed.has(e -> uri.equals(e.uri())));
            McpHttp.Event missed = resumed.events.stream().filter(e -> uri.equals(e.uri())).findFirst().orElseThrow();
            assertThat(Long.parseLong(missed.id())).as("ids go on after the last one seen")
                    .isGreaterThan(Long.parseLong(seen.id()));
            assertThat(text(mcp.result(a.url(), session, "resources/read", Map.of("uri", uri)))).contains("2");

            // the same session resumed on B from before the first event: B replays the log, original ids included
            resumed.cancel();
            McpHttp.Stream onB = mcp.listen(b.url(), session, "0");
            McpHttp.await("replay on B", () -> onB.has(e -> seen.id().equals(e.id())) && onB.has(e -> missed.id().equals(e.id())));
            List<String> ids = onB.events.stream().map(McpHttp.Event::id).toList();
            assertThat(ids.indexOf(seen.id())).isLessThan(ids.indexOf(missed.id()));
        } finally {
            a.close();
            dropCollection(collection);
        }
    }

    /** Leaves the shared Redis as it was (the stored sessions expire on their own). */
    static void dropCollection(String collection) {
        try (KeyValueStore store = KeyValueStores.open(redis())) {
            store.destroyCollection(collection).block(McpHttp.PATIENCE);
        }
    }

    static void put(McpHttp mcp, String url, String session, String collection, int v) throws Exception {
        Map<String, Object> r = mcp.result(url, session, "tools/call", Map.of("name", "kv_put",
                "arguments", Map.of("collection", collection, "key", "k", "value", Map.of("v", v))));
        assertThat(r.get("isError")).isEqualTo(false);
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> readResult) {
        return (String) ((List<Map<String, Object>>) readResult.get("contents")).get(0).get("text");
    }
}
