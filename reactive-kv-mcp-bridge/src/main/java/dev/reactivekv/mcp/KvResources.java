package dev.reactivekv.mcp;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

/**
 * The resource template {@code kv://{collection}/{key}}: reading an entry and completing the template's
 * arguments. A read returns the value as {@code application/json} text with {@code _meta} holding
 * {@code version}, and when the entry expires {@code expiresAt} (ISO-8601) and {@code ttlSeconds}.
 * A missing (or expired) key, a hidden collection or a URI of another scheme is "resource not found" (-32002);
 * a malformed {@code kv://} URI is invalid params (-32602).
 */
final class KvResources {

    static final int MAX_COMPLETIONS = 100;

    private final KeyValueStore store;
    private final BridgeOptions options;
    private final McpJsonMapper mapper;

    KvResources(KeyValueStore store, BridgeOptions options, McpJsonMapper mapper) {
        this.store = store;
        this.options = options;
        this.mapper = mapper;
    }

    McpServerFeatures.AsyncResourceTemplateSpecification template() {
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder()
                .uriTemplate(KvUri.TEMPLATE)
                .name("entry")
                .title("Key-value entry")
                .description("The JSON object stored under {key} in {collection} (both percent-encoded).")
                .mimeType("application/json")
                .build();
        return new McpServerFeatures.AsyncResourceTemplateSpecification(template, (ex, req) -> read(req.uri()));
    }

    Mono<McpSchema.ReadResourceResult> read(String uri) {
        return Mono.defer(() -> {
            if (!KvUri.isKvUri(uri)) {
                return Mono.error(McpError.RESOURCE_NOT_FOUND.apply(uri));
            }
            KvUri kv = KvUri.parse(uri);
            if (kv == null) {
                return Mono.error(SubscriptionHub.invalid(KvUri.malformed(uri)));
            }
            if (!options.allows(kv.collection())) {
                return Mono.error(McpError.RESOURCE_NOT_FOUND.apply(uri));
            }
            return store.ttl(kv.collection(), kv.key())
                    .switchIfEmpty(Mono.error(() -> McpError.RESOURCE_NOT_FOUND.apply(uri)))
                    .map(entry -> {
                        Map<String, Object> meta = new LinkedHashMap<>();
                        meta.put("version", entry.version());
                        if (entry.expiresAt() != null) {
                            meta.put("expiresAt", entry.expiresAt().toString());
                        }
                        if (entry.ttl() != null) {
                            meta.put("ttlSeconds", entry.ttl().toMillis() / 1000.0);
                        }
                        String text;
                        try {
                            text = mapper.writeValueAsString(entry.value());
                        } catch (IOException e) {
                            throw new IllegalStateException("cannot serialise value of " + uri, e);
                        }
                        return new McpSchema.ReadResourceResult(List.of(
                                new McpSchema.TextResourceContents(uri, "application/json", text, meta)));
                    });
        });
    }

    McpServerFeatures.AsyncCompletionSpecification completion() {
        return new McpServerFeatures.AsyncCompletionSpecification(new McpSchema.ResourceReference(KvUri.TEMPLATE),
                (ex, req) -> complete(req));
    }

    private Mono<McpSchema.CompleteResult> complete(McpSchema.CompleteRequest req) {
        String value = req.argument().value() == null ? "" : req.argument().value();
        Mono<List<String>> values;
        if ("collection".equals(req.argument().name())) {
            values = store.collections().filter(options::allows).filter(c -> c.startsWith(value))
                    .take(MAX_COMPLETIONS + 1).collectList();
        } else {
            String collection = req.context() == null || req.context().arguments() == null ? null
                    : req.context().arguments().get("collection");
            if (collection == null || collection.isEmpty()) {
                collection = KeyValueStore.DEFAULT_COLLECTION;
            }
            if (!options.allows(collection)) {
                values = Mono.just(List.of());
            } else {
                values = store.keys(collection, ScanOptions.prefix(value).withPageSize(MAX_COMPLETIONS + 1))
                        .take(MAX_COMPLETIONS + 1).collectList();
            }
        }
        return values.map(list -> {
            boolean more = list.size() > MAX_COMPLETIONS;
            List<String> shown = more ? list.subList(0, MAX_COMPLETIONS) : list;
            return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(
                    List.copyOf(shown), null, more));
        });
    }
}
