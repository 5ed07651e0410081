package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.mcp.BridgeOptions;
import dev.reactivekv.mcp.KvMcpServer;
import dev.reactivekv.mcp.transport.HttpTransportOptions;
import org.junit.jupiter.api.Test;

/**
 * Three bridge instances on one Redis (each with its own connections, as separate processes would have): a session
 * subscribed on one instance is notified of writes made through every other; a session started on one is served by
 * the others without a new {@code initialize}; {@code DELETE} removes it from the store, so an instance that never
 * held it answers 404.
 */
class ManyInstancesTest {

    @Test
    void sessionsAndNotificationsCrossInstances() throws Exception {
        String collection = "many-" + UUID.randomUUID();
        String uri = "kv://" + collection + "/k";
        List<KeyValueStore> stores = new ArrayList<>();
        List<KvMcpServer> servers = new ArrayList<>();
        McpHttp mcp = new McpHttp();
        try {
            for (int i = 0; i < 3; i++) {
                KeyValueStore store = KeyValueStores.open(SessionTakeoverTest.redis());
                stores.add(store);
                servers.add(KvMcpServer.startHttp(store, BridgeOptions.defaults(), HttpTransportOptions.defaults(),
                        "127.0.0.1", 0));
            }
            List<String> urls = servers.stream().map(s -> "http://127.0.0.1:" + s.port() + "/mcp").toList();
            List<String> sessions = new ArrayList<>();
            List<McpHttp.Stream> streams = new ArrayList<>();
            for (String url : urls) {
                String session = mcp.initialize(url);
                mcp.result(url, session, "resources/subscribe", Map.of("uri", uri));
                sessions.add(session);
                streams.add(mcp.listen(url, session, null));
            }
            for (int writer = 0; writer < 3; writer++) {
                int v = writer;
                List<Integer> before = streams.stream().map(s -> s.events.size()).toList();
                SessionTakeoverTest.put(mcp, urls.get(writer), sessions.get(writer), collection, v);
                for (int i = 0; i < 3; i++) {
                    McpHttp.Stream s = streams.get(i);
                    int seen = before.get(i);
                    McpHttp.await("instance " + i + " notified of the write through instance " + writer,
                            () -> s.events.subList(seen, s.events.size()).stream().anyMatch(e -> uri.equals(e.uri())));
                }
            }
            // a session started on instance 0, used through instance 1
            String roaming = mcp.initialize(urls.get(0));
            assertThat(SessionTakeoverTest.text(mcp.result(urls.get(1), roaming, "resources/read", Map.of("uri", uri))))
                    .contains("2");
            assertThat(mcp.delete(urls.get(1), roaming)).isEqualTo(200);
            assertThat(mcp.call(urls.get(2), roaming, "ping", Map.of()).getKey())
                    .as("deleted from the store: unknown to an instance that never held it").isEqualTo(404);
            streams.forEach(McpHttp.Stream::cancel);
        } finally {
            servers.forEach(KvMcpServer::close);
            stores.forEach(KeyValueStore::close);
            SessionTakeoverTest.dropCollection(collection);
        }
    }
}
