package dev.reactivekv.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A raw Streamable HTTP MCP client (java.net.http), enough to drive sessions across server instances. */
final class McpHttp {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger ids = new AtomicInteger();

    /** One SSE event: its id (null when none) and the parsed JSON-RPC message. */
    record Event(String id, Map<String, Object> message) {
        String method() {
            return (String) message.get("method");
        }

        @SuppressWarnings("unchecked")
        String uri() {
            Object p = message.get("params");
            return p instanceof Map<?, ?> m ? (String) ((Map<String, Object>) m).get("uri") : null;
        }
    }

    /** An open GET listening stream; events accumulate in {@link #events}. */
    static final class Stream {
        final List<Event> events = new CopyOnWriteArrayList<>();
        volatile int status;
        volatile boolean ended;
        private volatile Flow.Subscription subscription;

        boolean has(Predicate<Event> p) {
            return events.stream().anyMatch(p);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** {@code initialize} + {@code notifications/initialized}; returns the session id. */
    String initialize(String url) throws IOException, InterruptedException {
        HttpResponse<String> res = post(url, null, Map.of("jsonrpc", "2.0", "id", ids.incrementAndGet(),
                "method", "initialize", "params", Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "raw", "version", "1"))));
        if (res.statusCode() != 200) {
            throw new AssertionError("initialize: " + res.statusCode() + " " + res.body());
        }
        String session = res.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> ack = post(url, session, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        if (ack.statusCode() != 202) {
            throw new AssertionError("initialized: " + ack.statusCode());
        }
        return session;
    }

    /** Sends a request; returns the HTTP status and the JSON-RPC response (from a JSON body or the last SSE event). */
    Map.Entry<Integer, Map<String, Object>> call(String url, String session, String method, Map<String, Object> params)
            throws IOException, InterruptedException {
        HttpResponse<String> res = post(url, session, Map.of("jsonrpc", "2.0", "id", ids.incrementAndGet(),
                "method", method, "params", params));
        String body = res.body();
        if (res.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            String last = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("data: ")) {
                    last = line.substring(6);
                }
            }
            body = last == null ? "{}" : last;
        }
        return Map.entry(res.statusCode(), body.isBlank() ? Map.of() : JSON.readValue(body, new TypeReference<>() {
        }));
    }

    /** The {@code result} of a successful call (fails the test otherwise). */
    @SuppressWarnings("unchecked")
    Map<String, Object> result(String url, String session, String method, Map<String, Object> params)
            throws IOException, InterruptedException {
        Map.Entry<Integer, Map<String, Object>> r = call(url, session, method, params);
        if (r.getKey() != 200 || !r.getValue().containsKey("result")) {
            throw new AssertionError(method + " on " + url + ": " + r.getKey() + " " + r.getValue());
        }
        return (Map<String, Object>) r.getValue().get("result");
    }

    /** Opens the GET listening stream, with {@code Last-Event-ID} when given. Returns once the status is known. */
    Stream listen(String url, String session, String lastEventId) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET()
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        Stream stream = new Stream();
        HTTP.sendAsync(b.build(), info -> {
            stream.status = info.statusCode();
            return HttpResponse.BodySubscribers.fromLineSubscriber(new Flow.Subscriber<String>() {
                String id;
                String data;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    stream.subscription = s;
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    } else if (line.isEmpty() && data != null) {
                        try {
                            stream.events.add(new Event(id, JSON.readValue(data, new TypeReference<>() {
                            })));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                        id = null;
                        data = null;
                    }
                }

                @Override
                public void onError(Throwable t) {
                    stream.ended = true;
                }

                @Override
                public void onComplete() {
                    stream.ended = true;
                }
            });
        }).whenComplete((r, e) -> stream.ended = true);
        await("GET status of " + url, () -> stream.status != 0 || stream.ended);
        return stream;
    }

    /** {@code DELETE}s the session; returns the HTTP status. */
    int delete(String url, String session) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(PATIENCE).DELETE()
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpResponse<String> post(String url, String session, Map<String, Object> message)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(PATIENCE)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Bounded polling (the kit's {@link dev.reactivekv.tck.Polling}); fails after {@link #PATIENCE}. */
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        dev.reactivekv.tck.Polling.until(what, PATIENCE, condition);
    }
}
