package dev.reactivekv.search;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.reactivekv.spi.EntryCodec;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** Plain REST calls to a test node, outside the store: what another client (Python's) would send or see. */
final class RawSearch {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HttpClient client;

    RawSearch(int port) {
        this.client = HttpClient.create().baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("Content-Type", "application/json"));
    }

    record Answer(int status, Map<String, Object> body) {
    }

    Answer call(HttpMethod method, String path, String body) {
        HttpClient.RequestSender sender = client.request(method).uri(path);
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender
                : sender.send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8, io.netty.buffer.ByteBufAllocator.DEFAULT));
        return receiver.responseSingle((r, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Answer(r.status().code(), text.startsWith("{") ? EntryCodec.decodeValue(text) : Map.of())))
                .block(PATIENCE);
    }

    Answer get(String path) {
        return call(HttpMethod.GET, path, null);
    }

    Answer put(String path, String json) {
        return call(HttpMethod.PUT, path, json);
    }

    Answer delete(String path) {
        return call(HttpMethod.DELETE, path, null);
    }
}
