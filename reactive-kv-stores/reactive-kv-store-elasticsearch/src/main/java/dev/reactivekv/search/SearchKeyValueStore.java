package dev.reactivekv.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyPage;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.StoredEntry;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Elasticsearch/OpenSearch backend: one index per collection, one document per key, every
 * operation one or two REST calls (bulk forms through {@code _mget} and {@code _bulk}). Results are
 * emitted on Reactor Netty's event-loop threads.
 *
 * <p>Writes are visible to reads by id at once (the engines' real-time get) but to searches only after a
 * refresh, so every search-based operation (the first page of a scan, {@code collections()},
 * {@code destroyCollection}) refreshes the indices it reads first; writes themselves never force one.
 */
final class SearchKeyValueStore extends AbstractKeyValueStore {

    private static final Logger LOG = LoggerFactory.getLogger(SearchKeyValueStore.class);
    private static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.SCAN, Capability.CONDITIONAL_WRITES,
            Capability.PERSISTENT);
    /** How often a putIfAbsent retries when it keeps losing races against other writers of the key. */
    private static final int CONDITIONAL_ATTEMPTS = 16;
    private static final String JSON = "application/json";
    private static final String NDJSON = "application/x-ndjson";

    private final SearchHttp http;
    private volatile Engine engine;
    private final SearchLayout layout;
    private final Map<String, Mono<Void>> readyIndices = new ConcurrentHashMap<>();
    private final Disposable culling;

    SearchKeyValueStore(StoreOptions options, SearchHttp http, Engine engine, SearchLayout layout) {
        super(options);
        this.http = http;
        this.engine = engine;
        this.layout = layout;
        this.culling = Flux.interval(options.sweepInterval(), options.sweepInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> cull().onErrorResume(e -> {
                    LOG.warn("Removing expired documents from {} failed: {}", layout.allIndices(), e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    Engine engine() {
        return engine;
    }

    // ---- single keys -----------------------------------------------------------------------------

    @Override
    protected Mono<StoredEntry> read(String collection, String key) {
        return Mono.defer(() -> http.get(docPath(collection, key)))
                .flatMap(a -> {
                    if (a.status() == 404) {
                        return Mono.empty();
                    }
                    return SearchHttp.expectOk("get", a).map(ok -> SearchLayout.entry(ok.body().get("_source"),
                            ok.body().get("_seq_no"), ok.body().get("_primary_term")));
                });
    }

    @Override
    protected Mono<Void> write(String collection, String key, StoredEntry entry) {
        return Mono.defer(() -> {
            String path = docPath(collection, key);
            return ensureIndex(collection)
                    .then(Mono.defer(() -> http.text(HttpMethod.PUT, path,
                            SearchLayout.document(engine, collection, key, restamp(entry)), JSON)))
                    .flatMap(a -> SearchHttp.expectOk("index", a))
                    .then();
        });
    }

    @Override
    protected Mono<Boolean> remove(String collection, String key) {
        return Mono.defer(() -> http.json(HttpMethod.DELETE, docPath(collection, key), null))
                .flatMap(a -> a.status() == 404 ? Mono.just(false)
                        : SearchHttp.expectOk("delete", a).map(ok -> "deleted".equals(ok.body().get("result"))));
    }

    // ---- bulk --------------------------------------------------------------------------------------

    @Override
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        return Mono.defer(() -> {
            String index = layout.index(collection);
            List<String> ids = new ArrayList<>(distinctKeys.size());
            for (String k : distinctKeys) {
                ids.add(layout.id(k));
            }
            return http.json(HttpMethod.POST, "/" + index + "/_mget", Map.of("ids", ids))
                    .flatMap(a -> {
                        if (a.status() == 404) {
                            return Mono.just(Map.<String, StoredEntry>of());
                        }
                        return SearchHttp.expectOk("mget", a).map(ok -> found(distinctKeys, ok.body()));
                    });
        });
    }

    /** The docs come back in request order, so the n-th doc belongs to the n-th key (ids may be hashes). */
    private static Map<String, StoredEntry> found(List<String> keys, Map<String, Object> body) {
        List<?> docs = body.get("docs") instanceof List<?> l ? l : List.of();
        Map<String, StoredEntry> out = new HashMap<>();
        for (int i = 0; i < docs.size() && i < keys.size(); i++) {
            Map<?, ?> doc = (Map<?, ?>) docs.get(i);
            if (doc.get("error") instanceof Map<?, ?> error) {
                if (!"index_not_found_exception".equals(error.get("type"))) {
                    throw new SearchHttpException("mget", 500, String.valueOf(error.get("type")), String.valueOf(error.get("reason")));
                }
            } else if (Boolean.TRUE.equals(doc.get("found"))) {
                out.put(keys.get(i), SearchLayout.entry(doc.get("_source"), doc.get("_seq_no"), doc.get("_primary_term")));
            }
        }
        return out;
    }

    @Override
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        return Mono.defer(() -> {
            String index = layout.index(collection);
            entries.keySet().forEach(layout::id); // refuse a bad key before any I/O
            return ensureIndex(collection).then(Mono.defer(() -> {
                StringBuilder ndjson = new StringBuilder(entries.size() * 160);
                Instant now = now();
                entries.forEach((key, entry) -> ndjson.append(action("index", index, layout.id(key))).append('\n')
                        .append(SearchLayout.document(engine, collection, key, restamp(entry, now))).append('\n'));
                return bulk(ndjson.toString());
            })).then();
        });
    }

    @Override
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        return Mono.defer(() -> {
            String index = layout.index(collection);
            StringBuilder ndjson = new StringBuilder(distinctKeys.size() * 80);
            for (String key : distinctKeys) {
                ndjson.append(action("delete", index, layout.id(key))).append('\n');
            }
            // a bulk delete may create a missing index with dynamic mappings: make it with ours first
            return ensureIndex(collection).then(bulk(ndjson.toString())).map(items -> items.stream()
                    .filter(item -> item.get("delete") instanceof Map<?, ?> d && "deleted".equals(d.get("result")))
                    .count());
        });
    }

    /**
     * The entry stamped as created now, its TTL kept: the base stamps an entry when the call is
     * subscribed, and creating a collection's index first may take a while, which must not eat the TTL.
     */
    private StoredEntry restamp(StoredEntry entry) {
        return restamp(entry, now());
    }

    private static StoredEntry restamp(StoredEntry entry, Instant now) {
        Instant created = entry.createdAt();
        if (created == null || !now.isAfter(created)) {
            return entry;
        }
        Instant expires = entry.expiresAt();
        return new StoredEntry(entry.value(), now,
                expires == null ? null : now.plus(java.time.Duration.between(created, expires)), null);
    }

    private static String action(String op, String index, String id) {
        return dev.reactivekv.spi.EntryCodec.encodeValue(Map.of(op, Map.of("_index", index, "_id", id)));
    }

    /** The items of a bulk answer; fails on the first item the engine refused (a delete of a missing document is no failure). */
    private Mono<List<Map<?, ?>>> bulk(String ndjson) {
        return http.text(HttpMethod.POST, "/_bulk", ndjson, NDJSON)
                .flatMap(a -> SearchHttp.expectOk("bulk", a))
                .map(a -> {
                    List<Map<?, ?>> items = new ArrayList<>();
                    for (Object o : a.body().get("items") instanceof List<?> l ? l : List.of()) {
                        Map<?, ?> item = (Map<?, ?>) o;
                        for (Object op : item.values()) {
                            Map<?, ?> result = (Map<?, ?>) op;
                            if (result.get("error") instanceof Map<?, ?> error) {
                                throw new SearchHttpException("bulk item", ((Number) result.get("status")).intValue(),
                                        String.valueOf(error.get("type")), String.valueOf(error.get("reason")));
                            }
                        }
                        items.add(item);
                    }
                    return items;
                });
    }

    // ---- conditional writes ------------------------------------------------------------------------

    @Override
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        return Mono.defer(() -> {
            String index = layout.index(collection);
            String id = SearchLayout.segment(layout.id(key));
            return ensureIndex(collection).then(Mono.defer(() -> createOrReplaceExpired(index, id,
                    SearchLayout.document(engine, collection, key, restamp(entry)), now, 1)));
        });
    }

    /** {@code _create} (op_type=create); on a conflict, replaces the existing document only if it expired, by its seq_no. */
    private Mono<Boolean> createOrReplaceExpired(String index, String id, String doc, Instant now, int attempt) {
        return http.text(HttpMethod.PUT, "/" + index + "/_create/" + id, doc, JSON).flatMap(created -> {
            if (created.status() != 409) {
                return SearchHttp.expectOk("create", created).thenReturn(true);
            }
            return http.get("/" + index + "/_doc/" + id).flatMap(current -> {
                if (current.status() == 404) {
                    return retry(index, id, doc, now, attempt); // deleted since the create: try again
                }
                return SearchHttp.expectOk("get", current).flatMap(ok -> {
                    StoredEntry existing = SearchLayout.entry(ok.body().get("_source"), ok.body().get("_seq_no"),
                            ok.body().get("_primary_term"));
                    if (!existing.isExpiredAt(now)) {
                        return Mono.just(false);
                    }
                    return conditionalPut(index, id, doc, ok.body().get("_seq_no"), ok.body().get("_primary_term"))
                            .flatMap(won -> won ? Mono.just(true) : retry(index, id, doc, now, attempt));
                });
            });
        });
    }

    private Mono<Boolean> retry(String index, String id, String doc, Instant now, int attempt) {
        return attempt >= CONDITIONAL_ATTEMPTS
                ? Mono.error(new StoreTimeoutException("putIfAbsent kept losing races on " + index + "/" + id))
                : createOrReplaceExpired(index, id, doc, now, attempt + 1);
    }

    @Override
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion, StoredEntry entry,
                                             Instant now) {
        return Mono.defer(() -> {
            String path = docPath(collection, key);
            long[] expected = SearchLayout.parseVersion(expectedVersion);
            if (expected == null) {
                return Mono.just(false);
            }
            return read(collection, key)
                    .filter(current -> expectedVersion.equals(current.version()) && !current.isExpiredAt(now))
                    .flatMap(current -> conditionalPut(path, SearchLayout.document(engine, collection, key, restamp(entry)),
                            expected[0], expected[1]))
                    .defaultIfEmpty(false);
        });
    }

    private Mono<Boolean> conditionalPut(String index, String id, String doc, @Nullable Object seqNo, @Nullable Object primaryTerm) {
        return conditionalPut("/" + index + "/_doc/" + id, doc, ((Number) seqNo).longValue(), ((Number) primaryTerm).longValue());
    }

    /** Index with {@code if_seq_no}/{@code if_primary_term}: true when written, false when the document changed meanwhile. */
    private Mono<Boolean> conditionalPut(String path, String doc, long seqNo, long primaryTerm) {
        return http.text(HttpMethod.PUT, path + "?if_seq_no=" + seqNo + "&if_primary_term=" + primaryTerm, doc, JSON)
                .flatMap(a -> a.status() == 409 || a.status() == 404 ? Mono.just(false)
                        : SearchHttp.expectOk("conditional index", a).thenReturn(true));
    }

    // ---- scans -------------------------------------------------------------------------------------

    /**
     * One {@code _search} with {@code search_after} on the {@code key} keyword: stateless, so a page
     * costs one request whatever the depth (no 10,000-hit cap) and an abandoned scan leaves nothing open.
     */
    @Override
    protected Mono<KeyPage> fetchKeys(String collection, ScanOptions options) {
        return Mono.defer(() -> {
            String index = layout.index(collection);
            String after = options.cursor() == null ? null : ScanCursor.last(collection, options.cursor());
            List<Object> filter = new ArrayList<>();
            filter.add(Map.of("term", Map.of("collection", collection)));
            if (options.prefix() != null && !options.prefix().isEmpty()) {
                filter.add(Map.of("prefix", Map.of("key", options.prefix())));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("size", options.pageSize());
            body.put("_source", false);
            body.put("track_total_hits", false);
            body.put("sort", List.of(Map.of("key", "asc")));
            body.put("query", Map.of("bool", Map.of("filter", filter, "must_not", List.of(expiredBefore(clock().instant())))));
            if (after != null) {
                body.put("search_after", List.of(after));
            }
            Mono<Boolean> refreshed = after == null ? refresh("/" + index) : Mono.just(true);
            return refreshed.flatMap(exists -> !exists ? Mono.just(new KeyPage(List.of(), null))
                    : http.json(HttpMethod.POST, "/" + index + "/_search", body).flatMap(a -> {
                        if (a.status() == 404) {
                            return Mono.just(new KeyPage(List.of(), null));
                        }
                        return SearchHttp.expectOk("search", a).map(ok -> keyPage(collection, ok.body(), options.pageSize()));
                    }));
        });
    }

    private static KeyPage keyPage(String collection, Map<String, Object> body, int pageSize) {
        List<?> hits = body.get("hits") instanceof Map<?, ?> h && h.get("hits") instanceof List<?> l ? l : List.of();
        List<String> keys = new ArrayList<>(hits.size());
        for (Object hit : hits) {
            List<?> sort = (List<?>) ((Map<?, ?>) hit).get("sort");
            keys.add(String.valueOf(sort.get(0)));
        }
        String next = keys.size() < pageSize ? null : ScanCursor.of(collection, keys.get(keys.size() - 1));
        return new KeyPage(keys, next);
    }

    /** Collection names with a live document: a composite aggregation over every index of this store, paged by its {@code after} key. */
    @Override
    protected Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit) {
        return Mono.defer(() -> {
            String scope = layout.allIndices();
            String after = cursor == null ? null : ScanCursor.last(scope, cursor);
            Map<String, Object> composite = new LinkedHashMap<>();
            composite.put("size", limit);
            composite.put("sources", List.of(Map.of("c", Map.of("terms", Map.of("field", "collection")))));
            if (after != null) {
                composite.put("after", Map.of("c", after));
            }
            Map<String, Object> body = Map.of("size", 0, "track_total_hits", false,
                    "query", Map.of("bool", Map.of("must_not", List.of(expiredBefore(clock().instant())))),
                    "aggs", Map.of("c", Map.of("composite", composite)));
            Mono<Boolean> refreshed = after == null ? refresh("/" + scope) : Mono.just(true);
            return refreshed.then(http.json(HttpMethod.POST, "/" + scope + "/_search", body))
                    .flatMap(a -> SearchHttp.expectOk("search", a))
                    .map(ok -> {
                        Map<?, ?> aggs = (Map<?, ?>) ok.body().get("aggregations");
                        Map<?, ?> c = aggs == null ? Map.of() : (Map<?, ?>) aggs.get("c");
                        List<String> names = new ArrayList<>();
                        for (Object b : c.get("buckets") instanceof List<?> l ? l : List.of()) {
                            names.add(String.valueOf(((Map<?, ?>) ((Map<?, ?>) b).get("key")).get("c")));
                        }
                        String next = names.size() < limit ? null : ScanCursor.of(scope, names.get(names.size() - 1));
                        return new KeyPage(names, next);
                    });
        });
    }

    @Override
    protected Mono<Boolean> removeCollection(String collection) {
        return Mono.defer(() -> {
            String index = layout.index(collection);
            Map<String, Object> query = Map.of("query", Map.of("term", Map.of("collection", collection)));
            return refresh("/" + index).flatMap(exists -> !exists ? Mono.just(false)
                    : http.json(HttpMethod.POST, "/" + index + "/_delete_by_query?refresh=true&conflicts=proceed", query)
                            .flatMap(a -> SearchHttp.expectOk("delete_by_query", a))
                            .map(ok -> ok.body().get("deleted") instanceof Number n && n.longValue() > 0));
        });
    }

    /** Deletes documents expired by the store's clock from every index of this store, as py-key-value's cull does. */
    Mono<Long> cull() {
        return Mono.defer(() -> {
            if (isClosed()) {
                return Mono.empty();
            }
            Map<String, Object> query = Map.of("query", expiredBefore(clock().instant()));
            return http.json(HttpMethod.POST, "/" + layout.allIndices() + "/_delete_by_query?conflicts=proceed", query)
                    .flatMap(a -> SearchHttp.expectOk("cull", a))
                    .map(ok -> ok.body().get("deleted") instanceof Number n ? n.longValue() : 0L);
        });
    }

    /**
     * Documents whose {@code expires_at} (kept to the millisecond by the date field) lies before now: a
     * live document is never excluded; one expired less than a millisecond ago may still be listed.
     */
    private static Map<String, Object> expiredBefore(Instant now) {
        return Map.of("range", Map.of("expires_at", Map.of("lt", now.toEpochMilli(), "format", "epoch_millis")));
    }

    /** Refreshes so searches see every write so far; false when the index does not exist. */
    private Mono<Boolean> refresh(String indices) {
        return http.json(HttpMethod.POST, indices + "/_refresh", null)
                .flatMap(a -> a.status() == 404 ? Mono.just(false) : SearchHttp.expectOk("refresh", a).thenReturn(true));
    }

    // ---- indices -------------------------------------------------------------------------------------

    /** Creates the collection's index with py-key-value's mapping once per store; writes never rely on dynamic mapping. */
    private Mono<Void> ensureIndex(String collection) {
        String index = layout.index(collection);
        Mono<Void> ready = readyIndices.get(index);
        if (ready != null) {
            return ready;
        }
        Mono<Void> create = Mono.defer(() -> createIndex(index, engine))
                .doOnError(e -> readyIndices.remove(index))
                .cache();
        Mono<Void> raced = readyIndices.putIfAbsent(index, create);
        return raced != null ? raced : create;
    }

    private Mono<Void> createIndex(String index, Engine e) {
        return http.json(HttpMethod.PUT, "/" + index, e.indexBody()).flatMap(a -> {
            String type = a.errorType();
            if (a.ok() || "resource_already_exists_exception".equals(type) || "index_already_exists_exception".equals(type)) {
                return Mono.<Void>empty();
            }
            if (e.usesFlattenedType() && "mapper_parsing_exception".equals(type)
                    && String.valueOf(a.errorReason()).contains("flattened")) {
                // an Elasticsearch without X-Pack that did not say so in GET /: use the stored-only mapping from now on
                Engine fallback = e.withoutFlattenedType();
                engine = fallback;
                return createIndex(index, fallback);
            }
            return SearchHttp.expectOk("create index " + index, a).then();
        });
    }

    private String docPath(String collection, String key) {
        return "/" + layout.index(collection) + "/_doc/" + SearchLayout.segment(layout.id(key));
    }

    // ---- lifecycle and errors ----------------------------------------------------------------------

    @Override
    protected void closeBackend() {
        culling.dispose();
        http.close();
    }

    @Override
    protected KeyValueException translate(Throwable error) {
        if (error instanceof SearchHttpException e) {
            int s = e.status();
            if (s == 408 || s == 504) {
                return new StoreTimeoutException("Search engine timed out: " + e.getMessage(), e);
            }
            if (s == 429 || s == 502 || s == 503 || s == 500 && "cluster_block_exception".equals(e.type())) {
                return new StoreUnavailableException("Search engine is unavailable: " + e.getMessage(), e);
            }
            return new KeyValueException("Search engine refused the request: " + e.getMessage(), e);
        }
        if (error instanceof io.netty.handler.timeout.ReadTimeoutException) {
            return new StoreTimeoutException("Search engine did not answer in time", error);
        }
        if (error instanceof reactor.netty.channel.AbortedException || error instanceof io.netty.channel.ChannelException) {
            return new StoreUnavailableException("Search engine connection failed: " + error.getMessage(), error);
        }
        return super.translate(error);
    }
}
