package dev.reactivekv.mcp;

import static dev.reactivekv.mcp.McpRequests.initialize;
import static dev.reactivekv.mcp.McpRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.mcp.transport.HttpTransportOptions;
import dev.reactivekv.tck.Polling;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * A session's stream taken over by another instance after fewer events than the head's interval
 * ({@link KvSessionStore#HEAD_EVERY}): the stored head is behind the last logged event, and instance B must still
 * number on after that event and replay exactly the logged events under their ids. Two in-JVM servers on one memory
 * store, raw HTTP; every wait bounded.
 */
class SessionLogTakeoverTest {

    private static final Duration TIMEOUT = McpRequests.TIMEOUT;
    private static final Pattern EVENT = Pattern.compile("id: (\\d+)\nevent: message\ndata: ([^\n]*)\n");

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Disposable> streams = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        streams.forEach(Disposable::dispose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void idsGoOnAfterTheLastLoggedEventNotTheLastWrittenHead() {
        KeyValueStore store = MemoryStore.create();
        toClose.add(store);
        String collection = "loghead-" + UUID.randomUUID();
        String uri = "kv://" + collection + "/k";
        KvMcpServer a = start(store);
        KvMcpServer b = start(store);

        String session = initialize(url(a), "loghead");
        post(url(a), session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(post(url(a), session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"" + uri + "\"}}")).contains("\"result\"");
        StringBuffer onA = listen(url(a), session, null).received();
        int writes = 4;
        for (int v = 1; v <= writes; v++) {
            store.put(collection, "k", Map.of("v", v), null).block(TIMEOUT);
            int seen = v;
            Polling.until(seen + " updates on A", TIMEOUT,
                    () -> count(events(onA), "notifications/resources/updated") >= seen);
        }
        Map<Long, String> logged = events(onA);
        long last = logged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(logged.keySet()).as("ids 1..last, in order").containsExactlyElementsOf(range(1, last));
        assertThat(last).as("fewer events than the head's interval").isLessThan(KvSessionStore.HEAD_EVERY);
        Map<String, Object> head = store.get(SessionOptions.COLLECTION, "h/" + session).block(TIMEOUT);
        assertThat(head).isNotNull();
        assertThat(((Number) head.get("seq")).longValue()).as("the premise: the stored head is behind").isLessThan(last);

        a.close(); // A drops the session (its record and log stay in the store)
        toClose.remove(a);

        // B re-attaches the session's subscription and so sends it an update of its own; one more write for sure
        Stream onB = listen(url(b), session, Long.toString(last));
        store.put(collection, "k", Map.of("v", writes + 1), null).block(TIMEOUT);
        Polling.until("an event on B", TIMEOUT, () -> !ids(onB.received()).isEmpty());
        assertThat(ids(onB.received()).get(0)).as("B numbers on after the last logged event").isEqualTo(last + 1);
        onB.connection().dispose();

        List<Long> newOnB = ids(onB.received());
        Stream again = listen(url(b), session, "1");
        Polling.until("the replay after 1", TIMEOUT, () -> ids(again.received()).size() >= last - 1 + newOnB.size());
        Map<Long, String> replayed = events(again.received());
        Map<Long, String> expected = new LinkedHashMap<>(logged);
        expected.remove(1L);
        assertThat(replayed.entrySet().stream().limit(last - 1).toList())
                .as("exactly the events logged on A after 1, under their ids, in order")
                .containsExactlyElementsOf(expected.entrySet());
        List<Long> ids = ids(again.received());
        assertThat(ids).as("then those logged on B").containsExactlyElementsOf(range(2, 1 + ids.size()));
    }

    private KvMcpServer start(KeyValueStore store) {
        KvMcpServer server = KvMcpServer.startHttp(store, BridgeOptions.defaults(), HttpTransportOptions.defaults(),
                "127.0.0.1", 0);
        toClose.add(0, server); // closed after the streams, before the store
        return server;
    }

    private static String url(KvMcpServer server) {
        return "http://127.0.0.1:" + server.port() + "/mcp";
    }

    /** The stream's events so far: id → JSON, in arrival order. */
    private static Map<Long, String> events(StringBuffer stream) {
        Map<Long, String> events = new LinkedHashMap<>();
        Matcher m = EVENT.matcher(stream);
        while (m.find()) {
            events.put(Long.parseLong(m.group(1)), m.group(2));
        }
        return events;
    }

    /** The ids of the stream's events so far, in arrival order (repeated ids included). */
    private static List<Long> ids(StringBuffer stream) {
        List<Long> ids = new ArrayList<>();
        Matcher m = EVENT.matcher(stream);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static long count(Map<Long, String> events, String method) {
        return events.values().stream().filter(json -> json.contains(method)).count();
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            r.add(i);
        }
        return r;
    }

    /** A GET stream: what it carried so far, and its connection. */
    private record Stream(StringBuffer received, Disposable connection) {
    }

    private Stream listen(String url, String session, @Nullable String lastEventId) {
        StringBuffer received = new StringBuffer();
        Disposable connection = McpRequests.listen(url, session, lastEventId)
                .subscribe(received::append, e -> { }, () -> { });
        streams.add(connection);
        Polling.until("the GET stream of " + session + " is open", TIMEOUT, () -> received.indexOf(": open") >= 0);
        return new Stream(received, connection);
    }
}
