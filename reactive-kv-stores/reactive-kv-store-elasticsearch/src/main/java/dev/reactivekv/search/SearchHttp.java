package dev.reactivekv.search;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.reactivekv.spi.EntryCodec;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The engines' REST API as one non-blocking call: method, path, optional JSON body; the answer's
 * status and parsed JSON object. Answers arrive on Reactor Netty's event-loop threads. Request
 * bodies and answers go through the project's own JSON codec, so numbers keep py-key-value's forms.
 */
final class SearchHttp {

    /** An answer: the status and the body parsed as a JSON object (empty for an empty body). */
    record Answer(int status, Map<String, Object> body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The engine's {@code error.type}, or null. */
        @Nullable String errorType() {
            return body.get("error") instanceof Map<?, ?> e && e.get("type") instanceof String t ? t : null;
        }

        @Nullable String errorReason() {
            if (body.get("error") instanceof Map<?, ?> e) {
                return e.get("reason") instanceof String r ? r : String.valueOf(e);
            }
            return body.get("error") instanceof String s ? s : null;
        }
    }

    private final HttpClient client;
    private final @Nullable ConnectionProvider ownedPool;

    /**
     * @param client    the configured client (base URL, TLS, timeouts, auth headers)
     * @param ownedPool the pool to dispose on {@link #close()}, or null when the caller owns the client
     */
    SearchHttp(HttpClient client, @Nullable ConnectionProvider ownedPool) {
        this.client = client;
        this.ownedPool = ownedPool;
    }

    static HttpClient configure(HttpClient base, String baseUrl, @Nullable String authorization, Duration timeout) {
        HttpClient c = base.baseUrl(baseUrl).responseTimeout(timeout)
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return c.headers(h -> {
            if (authorization != null) {
                h.set(HttpHeaderNames.AUTHORIZATION, authorization);
            }
        });
    }

    Mono<Answer> get(String path) {
        return call(HttpMethod.GET, path, null, "application/json");
    }

    Mono<Answer> json(HttpMethod method, String path, @Nullable Map<String, ?> body) {
        return call(method, path, body == null ? null : EntryCodec.encodeValue(body), "application/json");
    }

    /** A body already written as JSON text (documents) or NDJSON (bulk). */
    Mono<Answer> text(HttpMethod method, String path, String body, String contentType) {
        return call(method, path, body, contentType);
    }

    /** Fails with {@link SearchHttpException} unless the answer is a 2xx. */
    static Mono<Answer> expectOk(String what, Answer a) {
        return a.ok() ? Mono.just(a) : Mono.error(new SearchHttpException(what, a.status(), a.errorType(), a.errorReason()));
    }

    private Mono<Answer> call(HttpMethod method, String path, @Nullable String body, String contentType) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        // a known length, so the body goes out in one write and not as chunked transfer encoding
        HttpClient.RequestSender sender = client
                .headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
                    h.set(HttpHeaderNames.CONTENT_LENGTH, bytes == null ? 0 : bytes.length);
                })
                .request(method).uri(path);
        HttpClient.ResponseReceiver<?> receiver = bytes == null ? sender
                : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)));
        return receiver.responseSingle((response, content) -> content.asByteArray()
                .defaultIfEmpty(new byte[0])
                .map(answer -> new Answer(response.status().code(), parse(answer))));
    }

    private static Map<String, Object> parse(byte[] bytes) {
        if (bytes.length == 0) {
            return Map.of();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        // HEAD-like answers and some errors are not objects: keep them as text for the message
        return text.startsWith("{") ? EntryCodec.decodeValue(text) : Map.of("error", text);
    }

    void close() {
        if (ownedPool != null) {
            ownedPool.disposeLater().subscribe();
        }
    }
}
