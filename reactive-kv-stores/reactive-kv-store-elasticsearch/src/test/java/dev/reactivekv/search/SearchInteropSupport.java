package dev.reactivekv.search;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.tck.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * py-key-value's Elasticsearch/OpenSearch layout, checked field by field on the engine with a plain REST
 * client: index and id names, the document, its mapping, and reading a document as Python writes it.
 * The expected names are computed here independently (SHA-256 of the name), not by the store's code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SearchInteropSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private final String run = "interop" + UUID.randomUUID().toString().substring(0, 8);
    private RawSearch raw;

    /** The store URI of the node under test (with a generous timeout). */
    protected abstract String uri();

    protected abstract int httpPort();

    /** {@code flat} or {@code flattened}. */
    protected abstract String valueField();

    /** The mapping this engine gets for the value field. */
    protected abstract Map<String, Object> valueMapping();

    /** What the store reports as the engine. */
    protected abstract String engineName();

    private RawSearch raw() {
        if (raw == null) {
            raw = new RawSearch(httpPort());
        }
        return raw;
    }

    @AfterAll
    void dropIndices() {
        raw().delete("/kv_store-s_" + run + "*");
        raw().delete("/kv_store-" + run + "*");
    }

    private KeyValueStore store(Clock clock) {
        return SearchStore.builder(uri()).clock(clock).build();
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** py-key-value's V1 names: {@code kv_store-s_<collection>-<8 hex>} lower-cased, id = 64 hex digits. */
    private static String v1Index(String collection) throws Exception {
        return ("kv_store-S_" + collection + "-" + sha256(collection).substring(0, 8)).toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void theEngineIsRecognised() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            assertThat(((SearchKeyValueStore) s).engine().name()).isEqualTo(engineName());
            assertThat(((SearchKeyValueStore) s).engine().valueField()).isEqualTo(valueField());
        }
    }

    @Test
    void writesPyKeyValuesDocumentFieldByField() throws Exception {
        String c = run + "-w";
        try (KeyValueStore s = store(at("2025-01-01T12:30:45.123456Z"))) {
            s.put(c, "k", Map.of("b", 1, "a", 1.5, "name", "Zoë ☃", "list", List.of(1, "x")), Duration.ofSeconds(10)).block(PATIENCE);
        }
        String index = v1Index(c);
        RawSearch.Answer doc = raw().get("/" + index + "/_doc/" + sha256("k"));
        assertThat(doc.status()).as("document at py-key-value's index and id: " + doc.body()).isEqualTo(200);
        assertThat(doc.body()).containsEntry("_index", index).containsEntry("_id", sha256("k"));
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) doc.body().get("_source");
        assertThat(source).containsOnlyKeys("collection", "key", "created_at", "expires_at", "value", "version");
        assertThat(source).containsEntry("collection", c).containsEntry("key", "k").containsEntry("version", 1)
                .containsEntry("created_at", "2025-01-01T12:30:45.123456+00:00")
                .containsEntry("expires_at", "2025-01-01T12:30:55.123456+00:00")
                .containsEntry("value", Map.of(valueField(), Map.of("a", 1.5, "b", 1, "name", "Zoë ☃", "list", List.of(1, "x"))));
    }

    @Test
    void theIndexHasPyKeyValuesMapping() throws Exception {
        String c = run + "-m";
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.put(c, "k", Map.of(), null).block(PATIENCE);
        }
        String index = v1Index(c);
        RawSearch.Answer mapping = raw().get("/" + index + "/_mapping");
        assertThat(mapping.status()).isEqualTo(200);
        Object properties = ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) mapping.body().get(index)).get("mappings")).get("properties"));
        assertThat(properties).isEqualTo(Map.of(
                "created_at", Map.of("type", "date"),
                "expires_at", Map.of("type", "date"),
                "collection", Map.of("type", "keyword"),
                "key", Map.of("type", "keyword"),
                "version", Map.of("type", "integer"),
                "value", Map.of("properties", Map.of(valueField(), valueMapping()))));
    }

    @Test
    void readsADocumentAsPythonWritesIt() throws Exception {
        String c = run + "-r";
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.put(c, "seed", Map.of(), null).block(PATIENCE); // py-key-value creates the index before writing, as we do
        }
        // elasticsearch-py/opensearch-py send json.dumps(..., ensure_ascii=False, separators=(",", ":")) of dump_dict
        String python = "{\"version\":1,\"value\":{\"" + valueField() + "\":{\"big\":1180591620717411303424,\"n\":1.0,"
                + "\"name\":\"Zoë ☃\",\"emoji\":\"😀\",\"list\":[1,[2,\"x\"],null,true]}},\"key\":\"py\",\"collection\":\"" + c
                + "\",\"created_at\":\"2025-01-01T00:00:00+00:00\",\"expires_at\":\"2999-01-01T00:00:10.500000+00:00\"}";
        assertThat(raw().put("/" + v1Index(c) + "/_doc/" + sha256("py"), python).status()).isBetween(200, 201);
        try (KeyValueStore s = store(Clock.systemUTC())) {
            Entry e = s.ttl(c, "py").block(PATIENCE);
            assertThat(e.value()).containsEntry("name", "Zoë ☃").containsEntry("emoji", "😀").containsEntry("n", 1.0)
                    .containsEntry("big", new BigInteger("1180591620717411303424"))
                    .containsEntry("list", java.util.Arrays.asList(1, List.of(2, "x"), null, true));
            assertThat(e.createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
            assertThat(e.expiresAt()).isEqualTo(Instant.parse("2999-01-01T00:00:10.5Z"));
            assertThat(s.keys(c).collectList().block(PATIENCE)).containsExactlyInAnyOrder("seed", "py");
        }
    }

    @Test
    void passthroughNamesArePyKeyValuesDefault() {
        String c = run + "-plain";
        try (KeyValueStore s = SearchStore.builder(uri() + "&sanitize=none").build()) {
            s.put(c, "my key", Map.of("x", 1), null).block(PATIENCE);
            RawSearch.Answer doc = raw().get("/kv_store-" + c + "/_doc/my%20key");
            assertThat(doc.status()).isEqualTo(200);
            assertThat(((Map<?, ?>) doc.body().get("_source")).get("key")).isEqualTo("my key");
            // lower-casing would make "Foo" and "foo" one index and their keys one document: refused, not collided
            StepVerifier.create(s.put(run + "-Upper", "k", Map.of(), null)).expectError(InvalidCollectionException.class).verify(PATIENCE);
            StepVerifier.create(s.put(run + "/slash", "k", Map.of(), null)).expectError(InvalidCollectionException.class).verify(PATIENCE);
            StepVerifier.create(s.put(c, "k".repeat(513), Map.of(), null)).expectError(InvalidKeyException.class).verify(PATIENCE);
            assertThat(s.get(c, "my key").block(PATIENCE)).isEqualTo(Map.of("x", 1));
        }
    }

    @Test
    void expiredDocumentsAreCulledByDeleteByQuery() throws Exception {
        String c = run + "-cull";
        TestClock clock = new TestClock();
        try (KeyValueStore s = store(clock)) {
            s.put(c, "short", Map.of(), Duration.ofSeconds(1)).block(PATIENCE);
            s.put(c, "long", Map.of(), Duration.ofHours(1)).block(PATIENCE);
            s.put(c, "forever", Map.of(), null).block(PATIENCE);
            clock.advance(Duration.ofSeconds(5));
            raw().call(io.netty.handler.codec.http.HttpMethod.POST, "/" + v1Index(c) + "/_refresh", null);
            assertThat(((SearchKeyValueStore) s).cull().block(PATIENCE)).isPositive();
            assertThat(raw().get("/" + v1Index(c) + "/_doc/" + sha256("short")).status()).isEqualTo(404);
            assertThat(raw().get("/" + v1Index(c) + "/_doc/" + sha256("long")).status()).isEqualTo(200);
            assertThat(s.keys(c).collectList().block(PATIENCE)).containsExactlyInAnyOrder("long", "forever");
        }
    }

    @Test
    void aCursorOfAnotherCollectionIsRejected() {
        String c = run + "-cur";
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.putMany(c, Map.of("a", Map.of(), "b", Map.of(), "c", Map.of()), null).block(PATIENCE);
            KeyPage first = s.keyPage(c, ScanOptions.all().withPageSize(2)).block(PATIENCE);
            assertThat(first.keys()).containsExactly("a", "b");
            StepVerifier.create(s.keyPage(c + "-elsewhere", ScanOptions.all().withCursor(first.nextCursor())))
                    .expectError(InvalidCursorException.class).verify(PATIENCE);
            assertThat(s.keyPage(c, ScanOptions.all().withCursor(first.nextCursor())).block(PATIENCE).keys()).containsExactly("c");
        }
    }

    @Test
    void opensFromItsUriThroughTheServiceLoader() {
        String c = run + "-uri";
        try (KeyValueStore s = KeyValueStores.open(uri() + "&sweepInterval=5m")) {
            s.put(c, "u", Map.of("via", "uri"), null).block(PATIENCE);
            assertThat(s.get(c, "u").block(PATIENCE)).isEqualTo(Map.of("via", "uri"));
        }
        assertThatThrownBy(() -> KeyValueStores.open(uri() + "&nonsense=1")).hasMessageContaining("nonsense");
    }

    @Test
    void anUnreachableServerIsATypedErrorInBoundedTime() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> SearchStore.builder("elasticsearch://127.0.0.1:19499?timeout=2s").build())
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
