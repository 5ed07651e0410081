package dev.reactivekv.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.mcp.BridgeOptions;
import dev.reactivekv.mcp.KvMcpServer;
import dev.reactivekv.mcp.internal.transport.LatencyProbe;
import dev.reactivekv.mcp.transport.HttpTransportOptions;

/**
 * put → {@code notifications/resources/updated} latency of the MCP bridge on Redis, timed inside the server:
 * {@code watch→written} from the subscribed key's watch event reaching the bridge to the notification being taken by
 * each session's listening stream (after its event-log write), and {@code put→written} from just before the
 * {@code put} was issued. With 1, 10 and 100 subscribed sessions (raw HTTP, each with its GET stream open), on one
 * instance (written through its own store client) and across two (sessions on A, written through B's). Per round
 * also: watch event → first session's notification taken, and first → last session (the fan-out's spread).
 *
 * <pre>McpNotifyLatencyHarness REDIS_URI OUT.json [ROUNDS] [SESSIONS,…]</pre>
 */
public final class McpNotifyLatencyHarness {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Enough for the JIT: with 20, the first configuration of a JVM measured mostly compilation. */
    private static final int WARMUP = 100;

    private McpNotifyLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        String redis = args[0];
        Path out = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int[] sessionCounts = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 10, 100};
        List<Map<String, Object>> results = new ArrayList<>();
        for (int instances : new int[] {1, 2}) {
            for (int n : sessionCounts) {
                Map<String, Object> r = run(redis, instances, n, rounds);
                results.add(r);
                System.out.printf("%d instance(s), %3d sessions: watch→written p50 %.2f ms p99 %.2f ms max %.2f ms | "
                                + "put→written p50 %.2f ms p99 %.2f ms (%d samples) | watch→first session p50 %.2f ms, "
                                + "first→last p50 %.2f ms p99 %.2f ms | CPU %.2f ms per change (server %.2f, allocating %d KB)%n", instances, n,
                        r.get("watchP50Ms"), r.get("watchP99Ms"), r.get("watchMaxMs"), r.get("putP50Ms"),
                        r.get("putP99Ms"), r.get("samples"), r.get("firstP50Ms"), r.get("spreadP50Ms"),
                        r.get("spreadP99Ms"), r.get("cpuPerChangeMs"), r.get("serverCpuPerChangeMs"),
                        r.get("serverAllocPerChangeKb"));
            }
        }
        Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of(
                "benchmark", "mcp put -> notifications/resources/updated", "store", redis, "rounds", rounds,
                "warmupRounds", WARMUP, "results", results)));
    }

    private static Map<String, Object> run(String redis, int instances, int n, int rounds) throws Exception {
        List<KeyValueStore> stores = new ArrayList<>();
        List<KvMcpServer> servers = new ArrayList<>();
        List<Flow.Subscription> streams = new ArrayList<>();
        String collection = "bench-" + UUID.randomUUID();
        String uri = "kv://" + collection + "/k";
        ConcurrentLinkedQueue<Long> watchNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> putNanos = new ConcurrentLinkedQueue<>();
        // per round: watch event → first session's notification taken (one event-log write), and first → last
        // session (the fan-out's spread)
        List<Long> firstNanos = new ArrayList<>();
        List<Long> spreadNanos = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong firstAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        java.util.concurrent.atomic.AtomicLong lastAt = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
        // the main thread sleeps until every session was notified: a spin-wait here took one of the machine's two
        // cores from the server it measures (timestamps are taken on the server's threads, not here)
        Semaphore written = new Semaphore(0);
        long[] changedAt = new long[1];
        // CPU time of the whole process (server, store clients, the HTTP clients reading the streams; this thread
        // sleeps) over the measured rounds: a cost per change that the machine's load hardly changes
        long[] cpuAt = new long[2];
        // the same, of the server's threads only (not the harness's HTTP clients, nor this one): what a change costs
        // the bridge, its store clients and Netty
        Map<Long, long[]> serverAt = null;
        long serverCpu = 0;
        long serverBytes = 0;
        long[] putAt = new long[1];
        boolean[] measuring = new boolean[1];
        try {
            for (int i = 0; i < instances; i++) {
                KeyValueStore store = KeyValueStores.open(redis);
                stores.add(store);
                servers.add(KvMcpServer.startHttp(store, BridgeOptions.defaults(), HttpTransportOptions.defaults(),
                        "127.0.0.1", 0));
            }
            String url = "http://127.0.0.1:" + servers.get(0).port() + "/mcp";
            for (int s = 0; s < n; s++) {
                String session = initialize(url);
                post(url, session, Map.of("jsonrpc", "2.0", "id", 2, "method", "resources/subscribe",
                        "params", Map.of("uri", uri)));
                streams.add(listen(url, session));
            }
            LatencyProbe.install(new LatencyProbe.Listener() {
                @Override
                public void changed(String u, long nanos) {
                    if (u.equals(uri)) {
                        synchronized (changedAt) {
                            changedAt[0] = nanos;
                        }
                    }
                }

                @Override
                public void written(String sessionId, String u, long nanos) {
                    if (!u.equals(uri)) {
                        return;
                    }
                    if (measuring[0]) {
                        long changed;
                        synchronized (changedAt) {
                            changed = changedAt[0];
                        }
                        watchNanos.add(nanos - changed);
                        putNanos.add(nanos - putAt[0]);
                        firstAt.accumulateAndGet(nanos, Math::min);
                        lastAt.accumulateAndGet(nanos, Math::max);
                    }
                    written.release();
                }
            });
            KeyValueStore writer = stores.get(instances - 1);
            for (int round = 0; round < WARMUP + rounds; round++) {
                if (round == WARMUP) {
                    cpuAt[0] = processCpuNanos();
                    serverAt = serverThreads();
                }
                measuring[0] = round >= WARMUP;
                written.drainPermits();
                firstAt.set(Long.MAX_VALUE);
                lastAt.set(Long.MIN_VALUE);
                putAt[0] = System.nanoTime();
                writer.put(collection, "k", Map.of("round", round), null).block(Duration.ofSeconds(10));
                if (!written.tryAcquire(n, 10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("round " + round + ": " + written.availablePermits() + " of " + n
                            + " sessions notified within 10 s");
                }
                if (measuring[0]) {
                    synchronized (changedAt) {
                        firstNanos.add(firstAt.get() - changedAt[0]);
                    }
                    spreadNanos.add(lastAt.get() - firstAt.get());
                }
            }
            cpuAt[1] = processCpuNanos();
            for (Map.Entry<Long, long[]> e : serverThreads().entrySet()) {
                long[] start = serverAt.getOrDefault(e.getKey(), new long[2]);
                serverCpu += e.getValue()[0] - start[0];
                serverBytes += e.getValue()[1] - start[1];
            }
            measuring[0] = false; // the deletion's notifications are no sample
            writer.delete(collection, "k").block(Duration.ofSeconds(10));
        } finally {
            LatencyProbe.install(null);
            streams.forEach(Flow.Subscription::cancel);
            servers.forEach(KvMcpServer::close);
            stores.forEach(KeyValueStore::close);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("instances", instances);
        r.put("sessions", n);
        r.put("samples", watchNanos.size());
        long[] watch = watchNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] put = putNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        r.put("watchP50Ms", ms(watch, 0.50));
        r.put("watchP99Ms", ms(watch, 0.99));
        r.put("watchMaxMs", ms(watch, 1.0));
        r.put("putP50Ms", ms(put, 0.50));
        r.put("putP99Ms", ms(put, 0.99));
        r.put("putMaxMs", ms(put, 1.0));
        long[] first = firstNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] spread = spreadNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        r.put("firstP50Ms", ms(first, 0.50));
        r.put("firstP99Ms", ms(first, 0.99));
        r.put("spreadP50Ms", ms(spread, 0.50));
        r.put("spreadP99Ms", ms(spread, 0.99));
        r.put("cpuPerChangeMs", Math.round((cpuAt[1] - cpuAt[0]) / (double) rounds / 10_000.0) / 100.0);
        r.put("serverCpuPerChangeMs", Math.round(serverCpu / (double) rounds / 10_000.0) / 100.0);
        r.put("serverAllocPerChangeKb", Math.round(serverBytes / (double) rounds / 1024.0));
        return r;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time and allocated bytes of each live thread but the harness's own (its HTTP clients' {@code HttpClient-…}
     * threads and this one), by thread id: {cpu, bytes}. A server thread that ends meanwhile is missed (pools keep
     * theirs for 60 s idle at least).
     */
    private static Map<Long, long[]> serverThreads() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, long[]> out = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || t.getThreadName().startsWith("HttpClient-")
                    || t.getThreadId() == Thread.currentThread().getId()) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            long bytes = threads.getThreadAllocatedBytes(t.getThreadId());
            if (cpu >= 0 && bytes >= 0) {
                out.put(t.getThreadId(), new long[] {cpu, bytes});
            }
        }
        return out;
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return Math.round(sorted[Math.max(0, i)] / 10_000.0) / 100.0;
    }

    private static String initialize(String url) throws IOException, InterruptedException {
        HttpResponse<String> res = post(url, null, Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize",
                "params", Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "bench", "version", "1"))));
        String session = res.headers().firstValue("Mcp-Session-Id").orElseThrow(
                () -> new IllegalStateException("initialize: " + res.statusCode() + " " + res.body()));
        post(url, session, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        return session;
    }

    private static HttpResponse<String> post(String url, String session, Map<String, Object> message)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Opens the session's GET stream, reading and discarding its bytes; returns once it is open. Not split into
     * lines: the timestamps are taken in the server, and a String per SSE line per session was this JVM's largest
     * allocation after the server's own (its collections pause the server measured here; a real client is elsewhere).
     */
    private static Flow.Subscription listen(String url, String session) throws InterruptedException {
        Flow.Subscription[] opened = new Flow.Subscription[1];
        java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
        HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).GET().header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session).build(), info -> HttpResponse.BodySubscribers.fromSubscriber(
                new Flow.Subscriber<List<java.nio.ByteBuffer>>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        opened[0] = s;
                        s.request(Long.MAX_VALUE);
                        open.countDown();
                    }

                    @Override
                    public void onNext(List<java.nio.ByteBuffer> bytes) {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onComplete() {
                    }
                }));
        if (!open.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("GET stream did not open");
        }
        return opened[0];
    }
}
