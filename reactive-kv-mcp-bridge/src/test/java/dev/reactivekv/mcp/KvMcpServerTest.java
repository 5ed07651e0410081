package dev.reactivekv.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.mcp.transport.HttpTransportOptions;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class KvMcpServerTest {

    /** Every wait is bounded: a lost reply fails the test instead of hanging CI. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KeyValueStore store = MemoryStore.create();
    private KvMcpServer server;
    private final List<McpAsyncClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() {
        Flux.fromIterable(clients).flatMap(c -> c.closeGracefully().onErrorResume(e -> Mono.empty()))
                .then().block(Duration.ofSeconds(30));
        if (server != null) {
            server.close();
        }
        store.close();
    }

    private void start(BridgeOptions options) {
        server = KvMcpServer.startHttp(store, options, HttpTransportOptions.defaults(), "127.0.0.1", 0);
    }

    /** A connected SDK client; updates and list changes land in the given lists. */
    private McpAsyncClient client(List<String> updated, List<String> listChanges) {
        McpAsyncClient c = McpClient.async(HttpClientStreamableHttpTransport
                        .builder("http://127.0.0.1:" + server.port()).build())
                .requestTimeout(Duration.ofSeconds(20))
                .resourcesUpdateConsumer(contents -> Mono.fromRunnable(() -> contents.forEach(rc ->
                        updated.add(rc.uri() + "=" + ((McpSchema.TextResourceContents) rc).text()))))
                .resourcesChangeConsumer(list -> Mono.fromRunnable(() -> listChanges.add("changed")))
                .build();
        c.initialize().block(Duration.ofSeconds(20));
        clients.add(c);
        return c;
    }

    private McpAsyncClient client() {
        return client(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    /**
     * Bounded polling on the test thread. Not a Reactor timer chain: in one CI run such a chain's timer never
     * fired and the test hung instead of failing; a deadline checked here always ends the wait.
     */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static String newer(String a, String b) {
        return sequence(b) >= sequence(a) ? b : a;
    }

    private static int sequence(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"n\":(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** JSON text with sorted keys, so that equal objects compare equal as strings. */
    private static String canonical(String json) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
            return m.writeValueAsString(m.readValue(json, java.util.Map.class));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void kvUriRoundTripsAnyName() {
        KvUri u = new KvUri("a/b c%", "ключ?#");
        assertThat(u.uri()).isEqualTo("kv://a%2Fb%20c%25/%D0%BA%D0%BB%D1%8E%D1%87%3F%23");
        assertThat(KvUri.parse(u.uri())).isEqualTo(u);
        assertThat(KvUri.parse("kv://a/b/c")).isNull();
        assertThat(KvUri.parse("kv://a/%zz")).isNull();
        assertThat(KvUri.parse("kv:///b")).isNull();
    }

    @Test
    void cursorsAreTamperChecked() {
        CursorCodec codec = new CursorCodec();
        String c = codec.encode("p", List.of("col", "x:y"));
        assertThat(codec.decode("p", c, 2)).containsExactly("col", "x:y");
        String edited = c.substring(0, c.indexOf('.') - 1) + (c.charAt(c.indexOf('.') - 1) == 'A' ? 'B' : 'A')
                + c.substring(c.indexOf('.'));
        for (String bad : List.of(edited, "garbage", "", c + "x")) {
            assertThatThrownBy(() -> codec.decode("p", bad, 2)).isInstanceOf(McpError.class)
                    .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32602));
        }
        assertThatThrownBy(() -> codec.decode("other", c, 2)).isInstanceOf(McpError.class);
        assertThatThrownBy(() -> new CursorCodec().decode("p", c, 2)).isInstanceOf(McpError.class);
    }

    @Test
    void listPagesThroughEveryKeyExactlyOnceAndReadsWithMeta() {
        Map<String, Map<String, Object>> all = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            all.put("k" + i, Map.of("i", i));
        }
        store.putMany("alpha", all, null).block(TIMEOUT);
        store.putMany("beta", Map.of("x", Map.of("v", 1)), Duration.ofHours(1)).block(TIMEOUT);
        start(BridgeOptions.defaults().withPageSize(40));
        McpAsyncClient c = client();

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            McpSchema.ListResourcesResult page = c.listResources(cursor).block(Duration.ofSeconds(10));
            pages++;
            assertThat(page.resources().size()).isLessThanOrEqualTo(40);
            page.resources().forEach(r -> assertThat(seen.add(r.uri())).as("duplicate " + r.uri()).isTrue());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen).hasSize(251).contains("kv://alpha/k0", "kv://beta/x");
        assertThat(pages).isEqualTo(7);

        McpSchema.ReadResourceResult read = c.readResource(new McpSchema.ReadResourceRequest("kv://beta/x"))
                .block(Duration.ofSeconds(10));
        McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) read.contents().get(0);
        assertThat(contents.mimeType()).isEqualTo("application/json");
        assertThat(contents.text()).isEqualTo("{\"v\":1}");
        assertThat(contents.meta()).containsKeys("version", "expiresAt", "ttlSeconds");

        assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("kv://beta/missing")).block(TIMEOUT))
                .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32002));
        assertThatThrownBy(() -> c.listResources("forged.cursor").block(TIMEOUT))
                .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32602));
    }

    @Test
    void subscribersAreNotifiedOfStoreAndToolChangesAndNonSubscribersAreNot() {
        start(BridgeOptions.defaults());
        List<String> updates = new CopyOnWriteArrayList<>();
        List<String> listChanges = new CopyOnWriteArrayList<>();
        List<String> otherUpdates = new CopyOnWriteArrayList<>();
        McpAsyncClient c = client(updates, listChanges);
        McpAsyncClient other = client(otherUpdates, new CopyOnWriteArrayList<>());

        // subscribe before the key exists: its creation is notified
        c.subscribeResource(new McpSchema.SubscribeRequest("kv://notes/today")).block(Duration.ofSeconds(10));
        other.subscribeResource(new McpSchema.SubscribeRequest("kv://notes/other")).block(Duration.ofSeconds(10));
        store.put("notes", "today", Map.of("text", "created")).block(TIMEOUT);
        await("creation update", () -> updates.contains("kv://notes/today={\"text\":\"created\"}"));
        await("list_changed after creation", () -> !listChanges.isEmpty());

        // change through a tool
        McpSchema.CallToolResult put = c.callTool(new McpSchema.CallToolRequest("kv_put",
                Map.of("collection", "notes", "key", "today", "value", Map.of("text", "via tool"))))
                .block(Duration.ofSeconds(10));
        assertThat(put.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(put.structuredContent()).isInstanceOf(Map.class);
        await("tool update", () -> updates.contains("kv://notes/today={\"text\":\"via tool\"}"));

        // delete: an update (the read then fails, so the SDK client reports nothing) and a list change
        int changesBefore = listChanges.size();
        c.callTool(new McpSchema.CallToolRequest("kv_delete", Map.of("collection", "notes", "key", "today")))
                .block(Duration.ofSeconds(10));
        await("list_changed after delete", () -> listChanges.size() > changesBefore);
        assertThat(otherUpdates).isEmpty();

        c.unsubscribeResource(new McpSchema.UnsubscribeRequest("kv://notes/today")).block(Duration.ofSeconds(10));
        await("watch released", () -> server.hub().watchCount() == 1);
    }

    @Test
    void directCreationsAndDeletionsOfUnsubscribedKeysSendListChanged() {
        start(BridgeOptions.defaults());
        List<String> updates = new CopyOnWriteArrayList<>();
        List<String> listChanges = new CopyOnWriteArrayList<>();
        McpAsyncClient c = client(updates, listChanges);
        c.subscribeResource(new McpSchema.SubscribeRequest("kv://notes/watched")).block(Duration.ofSeconds(10));
        await("watches attached", () -> server.hub().watchCount() == 1);
        int before = listChanges.size();
        store.put("notes", "someone-else", Map.of("n", 1)).block(TIMEOUT);
        await("list_changed after a direct creation", () -> listChanges.size() > before);
        int afterCreate = listChanges.size();
        store.delete("notes", "someone-else").block(TIMEOUT);
        await("list_changed after a direct deletion", () -> listChanges.size() > afterCreate);
        assertThat(updates).as("no updates for keys nobody subscribed to").isEmpty();
    }

    @Test
    void toolsReadOnlyModeAndErrors() {
        start(BridgeOptions.defaults().withReadOnly(true).withAllowedCollections(Set.of("pub")));
        McpAsyncClient c = client();
        List<McpSchema.Tool> tools = c.listTools().block(Duration.ofSeconds(10)).tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("kv_get", "kv_scan");
        assertThat(tools).allSatisfy(t -> {
            assertThat(t.annotations().readOnlyHint()).isTrue();
            assertThat(t.outputSchema()).isNotNull();
        });
        store.put("pub", "a", Map.of("n", 1)).block(TIMEOUT);
        store.put("secret", "s", Map.of("n", 2)).block(TIMEOUT);
        McpSchema.CallToolResult got = c.callTool(new McpSchema.CallToolRequest("kv_get",
                Map.of("collection", "pub", "key", "a"))).block(TIMEOUT);
        assertThat(text(got)).contains("\"found\":true").contains("\"n\":1");
        McpSchema.CallToolResult hidden = c.callTool(new McpSchema.CallToolRequest("kv_get",
                Map.of("collection", "secret", "key", "s"))).block(TIMEOUT);
        assertThat(hidden.isError()).isTrue();
        assertThat(c.listResources().block(TIMEOUT).resources()).extracting(McpSchema.Resource::uri)
                .containsExactly("kv://pub/a");
        assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("kv://secret/s")).block(TIMEOUT))
                .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32002));
        assertThatThrownBy(() -> c.callTool(new McpSchema.CallToolRequest("kv_put",
                Map.of("collection", "pub", "key", "b", "value", Map.of()))).block(TIMEOUT))
                .isInstanceOf(McpError.class).hasMessageContaining("Unknown tool");
        assertThat(store.exists("pub", "b").block(TIMEOUT)).isFalse();
    }

    @Test
    void errorsNameTheProblemAndLargeValuesGoToResourcesRead() {
        start(BridgeOptions.defaults().withMaxToolValueBytes(1000));
        McpAsyncClient c = client();
        assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("kv://notes")).block(TIMEOUT))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
                    assertThat(e.getMessage()).contains("kv://{collection}/{key}");
                });
        assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("kv://a/%zz")).block(TIMEOUT))
                .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32602));
        assertThatThrownBy(() -> c.readResource(new McpSchema.ReadResourceRequest("file:///etc/hosts")).block(TIMEOUT))
                .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32002));
        assertThatThrownBy(() -> c.callTool(new McpSchema.CallToolRequest("kv_frobnicate", Map.of())).block(TIMEOUT))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
                    assertThat(e.getMessage()).contains("kv_frobnicate").contains("kv_get");
                });

        store.put("big", "k", Map.of("text", "x".repeat(2000))).block(TIMEOUT);
        store.put("big", "small", Map.of("text", "x".repeat(900))).block(TIMEOUT);
        McpSchema.CallToolResult tooBig = c.callTool(new McpSchema.CallToolRequest("kv_get",
                Map.of("collection", "big", "key", "k"))).block(TIMEOUT);
        assertThat(tooBig.isError()).isTrue();
        assertThat(text(tooBig)).contains("resources/read").contains("kv://big/k").contains("--max-tool-value-bytes")
                .hasSizeLessThan(1000);
        assertThat(c.callTool(new McpSchema.CallToolRequest("kv_get", Map.of("collection", "big", "key", "small")))
                .block(TIMEOUT).isError()).isNotEqualTo(Boolean.TRUE);
        McpSchema.ReadResourceResult read = c.readResource(new McpSchema.ReadResourceRequest("kv://big/k")).block(TIMEOUT);
        assertThat(((McpSchema.TextResourceContents) read.contents().get(0)).text()).hasSize(2000 + 11);
    }

    @Test
    void scanToolPagesAndCompareAndSet() {
        start(BridgeOptions.defaults());
        McpAsyncClient c = client();
        for (int i = 0; i < 5; i++) {
            store.put("s", "key" + i, Map.of("i", i)).block(TIMEOUT);
        }
        Set<Object> keys = new HashSet<>();
        Object cursor = null;
        do {
            Map<String, Object> args = new java.util.HashMap<>(Map.of("collection", "s", "limit", 2));
            if (cursor != null) {
                args.put("cursor", cursor);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> page = (Map<String, Object>) c.callTool(new McpSchema.CallToolRequest("kv_scan", args))
                    .block(TIMEOUT).structuredContent();
            keys.addAll((List<?>) page.get("keys"));
            cursor = page.get("nextCursor");
        } while (cursor != null);
        assertThat(keys).hasSize(5);

        String version = store.ttl("s", "key0").block(TIMEOUT).version();
        McpSchema.CallToolResult stale = c.callTool(new McpSchema.CallToolRequest("kv_put", Map.of("collection", "s",
                "key", "key0", "value", Map.of("x", 1), "expectedVersion", "nope"))).block(TIMEOUT);
        assertThat(text(stale)).contains("\"stored\":false");
        McpSchema.CallToolResult fresh = c.callTool(new McpSchema.CallToolRequest("kv_put", Map.of("collection", "s",
                "key", "key0", "value", Map.of("x", 2), "expectedVersion", version, "ttlSeconds", 60))).block(TIMEOUT);
        assertThat(text(fresh)).contains("\"stored\":true");
        assertThat(store.get("s", "key0").block(TIMEOUT)).isEqualTo(Map.of("x", 2));

        McpSchema.CompleteResult keysDone = c.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.ResourceReference("kv://{collection}/{key}"),
                new McpSchema.CompleteRequest.CompleteArgument("key", "key"),
                new McpSchema.CompleteRequest.CompleteContext(Map.of("collection", "s")))).block(TIMEOUT);
        assertThat(keysDone.completion().values()).hasSize(5);
        McpSchema.CompleteResult cols = c.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.ResourceReference("kv://{collection}/{key}"),
                new McpSchema.CompleteRequest.CompleteArgument("collection", ""))).block(TIMEOUT);
        assertThat(cols.completion().values()).containsExactly("s");
    }

    @Test
    void hundredConcurrentSessionsReceiveEveryFinalValue() {
        start(BridgeOptions.defaults());
        int sessions = 100;
        int keys = 4;
        int writes = 10;
        Map<Integer, Map<String, String>> lastSeen = new ConcurrentHashMap<>();
        // no thread waits here: blocking inside a shared Reactor pool can starve the clients' own work
        List<McpAsyncClient> subscribed = Flux.range(0, sessions).flatMap(i -> Mono.defer(() -> {
            Map<String, String> mine = new ConcurrentHashMap<>();
            lastSeen.put(i, mine);
            McpAsyncClient c = McpClient.async(HttpClientStreamableHttpTransport
                            .builder("http://127.0.0.1:" + server.port()).build())
                    .requestTimeout(Duration.ofSeconds(30))
                    .resourcesUpdateConsumer(contents -> Mono.fromRunnable(() -> contents.forEach(rc ->
                            // reads of successive notifications may complete out of order: keep the newest
                            mine.merge(rc.uri(), canonical(((McpSchema.TextResourceContents) rc).text()),
                                    KvMcpServerTest::newer))))
                    .build();
            synchronized (clients) {
                clients.add(c);
            }
            return c.initialize()
                    .thenMany(Flux.range(0, keys).concatMap(k ->
                            c.subscribeResource(new McpSchema.SubscribeRequest("kv://hot/k" + k))))
                    .then(Mono.just(c));
        }), 8).collectList().block(Duration.ofSeconds(120));
        assertThat(subscribed).hasSize(sessions);
        AtomicInteger n = new AtomicInteger();
        for (int w = 0; w < writes; w++) {
            for (int k = 0; k < keys; k++) {
                store.put("hot", "k" + k, Map.of("n", n.incrementAndGet(), "w", w)).block(TIMEOUT);
            }
        }
        Map<String, String> expected = new java.util.HashMap<>();
        for (int k = 0; k < keys; k++) {
            expected.put("kv://hot/k" + k, canonical("{\"n\":" + (n.get() - keys + 1 + k) + ",\"w\":" + (writes - 1) + "}"));
        }
        try {
            await("every session sees every final value",
                    () -> lastSeen.values().stream().allMatch(m -> m.equals(expected)));
        } catch (AssertionError e) {
            long ok = lastSeen.values().stream().filter(m -> m.equals(expected)).count();
            throw new AssertionError(ok + "/" + sessions + " sessions complete; expected " + expected + "; e.g. "
                    + lastSeen.values().stream().filter(m -> !m.equals(expected)).findFirst().orElse(null), e);
        }
    }
}
