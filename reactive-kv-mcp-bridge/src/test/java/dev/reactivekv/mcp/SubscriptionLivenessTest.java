package dev.reactivekv.mcp;

import static dev.reactivekv.mcp.McpRequests.initialize;
import static dev.reactivekv.mcp.McpRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.mcp.transport.HttpTransportOptions;
import dev.reactivekv.tck.Polling;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * A write made right after {@code resources/subscribe} was answered is notified, however late the store's watch
 * starts (issue 18: the bridge answered before the watch was live, and a store whose watch starts asynchronously —
 * Redis opens a pub/sub connection and sends {@code PSUBSCRIBE} — lost such a write; the latency harness saw it as
 * "0 of 1 sessions notified" on a new instance after a busy one closed). Raw HTTP sessions with their GET stream
 * open; every wait bounded.
 */
class SubscriptionLivenessTest {

    private static final Duration TIMEOUT = McpRequests.TIMEOUT;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Disposable> streams = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        streams.forEach(Disposable::dispose);
        for (AutoCloseable c : toClose) { // servers first, then their stores
            c.close();
        }
        Hooks.resetOnErrorDropped();
    }

    /** A memory store whose watches become live only some time after they are subscribed, as Redis's do. */
    private static final class LateWatchStore extends ForwardingKeyValueStore {
        private final Duration delay;

        LateWatchStore(KeyValueStore delegate, Duration delay) {
            super(delegate);
            this.delay = delay;
        }

        @Override
        public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
            // the RESYNC that says "live" comes from the real watch, once it is subscribed
            return super.watch(collection, filter).delaySubscription(delay);
        }
    }

    @Test
    void aWriteRightAfterTheSubscribeAnswerIsNotifiedWhenTheWatchStartsLate() {
        KeyValueStore store = new LateWatchStore(MemoryStore.create(), Duration.ofMillis(500));
        toClose.add(store);
        KvMcpServer server = start(store);
        Session s = open(server, "kv://notes/late");

        store.put("notes", "late", Map.of("v", 1), null).block(TIMEOUT);

        s.awaitUpdated("kv://notes/late");
    }

    /**
     * Event-log writes still in flight when the server closes complete after its pools are gone: nothing may be
     * handed to a disposed scheduler (it was: "Operator called default onErrorDropped ... Scheduler unavailable",
     * once per session). The session store answers 300 ms late, so the close surely comes first.
     */
    @Test
    void closingWithEventLogWritesInFlightIsQuiet() {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        KeyValueStore slowLog = new ForwardingKeyValueStore(MemoryStore.create()) {
            @Override
            public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries,
                                      @Nullable Duration ttl) {
                return Mono.delay(Duration.ofMillis(300)).then(super.putMany(collection, entries, ttl))
                        .doOnSubscribe(x -> started.incrementAndGet())
                        .doFinally(x -> finished.incrementAndGet());
            }
        };
        KeyValueStore store = MemoryStore.create();
        toClose.add(store);
        toClose.add(slowLog);
        KvMcpServer server = KvMcpServer.startHttp(store, BridgeOptions.defaults(), HttpTransportOptions.defaults(),
                SessionOptions.defaults().withStore(slowLog), "127.0.0.1", 0);
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sessions.add(open(server, "kv://notes/closing"));
        }
        store.put("notes", "closing", Map.of("v", 1), null).block(TIMEOUT);
        Polling.until("event-log writes in flight", TIMEOUT, () -> started.get() > finished.get());

        server.close();
        Polling.until("the event-log writes ended", TIMEOUT, () -> finished.get() == started.get());

        assertThat(dropped).as("errors dropped by Reactor (closing must be quiet)").isEmpty();
    }

    /**
     * The lead's reproduction: an instance with 100 subscribed sessions is closed (its store too) while
     * notifications are in flight, quietly; a new instance on a new store in the same JVM then notifies its one
     * subscribed session of a write made right after it subscribed.
     */
    @Test
    void aNewInstanceNotifiesAfterABusyOneClosedQuietly() {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        String collection = "live-" + UUID.randomUUID();
        String uri = "kv://" + collection + "/k";

        KeyValueStore first = KeyValueStores.open(redis());
        KvMcpServer busy = KvMcpServer.startHttp(first, BridgeOptions.defaults(), HttpTransportOptions.defaults(),
                "127.0.0.1", 0);
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sessions.add(open(busy, uri));
        }
        first.put(collection, "k", Map.of("round", 0), null).block(TIMEOUT);
        sessions.forEach(s -> s.awaitUpdated(uri));
        // notifications (and their event-log writes) in flight while the instance and its store close
        first.put(collection, "k", Map.of("round", 1), null).block(TIMEOUT);
        first.delete(collection, "k").block(TIMEOUT);
        busy.close();
        first.close();
        sessions.forEach(s -> s.stream.dispose());

        KeyValueStore second = KeyValueStores.open(redis());
        toClose.add(second);
        KvMcpServer fresh = start(second);
        Session s = open(fresh, uri);
        second.put(collection, "k", Map.of("round", 2), null).block(TIMEOUT);
        s.awaitUpdated(uri);
        second.delete(collection, "k").block(TIMEOUT);

        assertThat(dropped).as("errors dropped by Reactor (closing must be quiet)").isEmpty();
    }

    private KvMcpServer start(KeyValueStore store) {
        KvMcpServer server = KvMcpServer.startHttp(store, BridgeOptions.defaults(), HttpTransportOptions.defaults(),
                "127.0.0.1", 0);
        toClose.add(0, server); // closed after the streams, before the stores
        return server;
    }

    private static String redis() {
        String port = System.getenv("RKV_REDIS_PORT");
        return "redis://127.0.0.1:" + (port == null || port.isBlank() ? "16379" : port) + "/0";
    }

    /** A session with its GET stream open, subscribed to one URI; what the stream carried so far. */
    private final class Session {
        final String id;
        final StringBuffer received = new StringBuffer();
        Disposable stream;

        Session(String id) {
            this.id = id;
        }

        void awaitUpdated(String uri) {
            Polling.until("resources/updated for " + uri + " on session " + id, TIMEOUT,
                    () -> received.indexOf("notifications/resources/updated") >= 0 && received.indexOf(uri) >= 0);
        }
    }

    /** initialize, notifications/initialized, resources/subscribe (answered), then the GET stream (open). */
    private Session open(KvMcpServer server, String uri) {
        String url = "http://127.0.0.1:" + server.port() + "/mcp";
        String id = initialize(url, "live");
        post(url, id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        String answer = post(url, id, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/subscribe\",\"params\":{"
                + "\"uri\":\"" + uri + "\"}}");
        assertThat(answer).contains("\"result\"");
        Session s = new Session(id);
        s.stream = McpRequests.listen(url, id, null).subscribe(s.received::append, e -> { }, () -> { });
        streams.add(s.stream);
        Polling.until("the GET stream of " + id + " is open", TIMEOUT, () -> s.received.indexOf(": open") >= 0);
        return s;
    }
}
