package dev.reactivekv.mcp;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Entry;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The tools for hosts that do not show resources: {@code kv_get}, {@code kv_scan} and, unless read-only,
 * {@code kv_put} and {@code kv_delete}. Each returns structured content matching its output schema and the
 * same JSON as text. Store failures, bad arguments and hidden collections are tool errors
 * ({@code isError: true} with the message), not protocol errors, so the model can read and correct them.
 */
final class KvTools {

    private static final String SCAN_PURPOSE = "kv_scan";
    private static final String COLLECTION_PROP = "\"collection\":{\"type\":\"string\",\"description\":\"Collection name (default: "
            + KeyValueStore.DEFAULT_COLLECTION + ")\"}";
    private static final String KEY_PROP = "\"key\":{\"type\":\"string\",\"description\":\"Key within the collection\"}";

    private final KeyValueStore store;
    private final BridgeOptions options;
    private final CursorCodec cursors;
    private final SubscriptionHub hub;
    private final McpJsonMapper mapper;

    KvTools(KeyValueStore store, BridgeOptions options, CursorCodec cursors, SubscriptionHub hub, McpJsonMapper mapper) {
        this.store = store;
        this.options = options;
        this.cursors = cursors;
        this.hub = hub;
        this.mapper = mapper;
    }

    List<McpServerFeatures.AsyncToolSpecification> specifications() {
        List<McpServerFeatures.AsyncToolSpecification> tools = new ArrayList<>();
        tools.add(spec(tool("kv_get", "Get entry",
                "Reads the JSON object stored under a key, with its version and expiry.",
                "{\"type\":\"object\",\"properties\":{" + COLLECTION_PROP + "," + KEY_PROP + "},\"required\":[\"key\"]}",
                "{\"type\":\"object\",\"properties\":{\"found\":{\"type\":\"boolean\"},\"value\":{\"type\":\"object\"},"
                        + "\"version\":{\"type\":\"string\"},\"expiresAt\":{\"type\":\"string\"},"
                        + "\"ttlSeconds\":{\"type\":\"number\"}},\"required\":[\"found\"]}",
                annotations("Get entry", true, false, true)), this::get));
        tools.add(spec(tool("kv_scan", "List keys",
                "Lists the keys of a collection one page at a time; pass nextCursor back to continue.",
                "{\"type\":\"object\",\"properties\":{" + COLLECTION_PROP
                        + ",\"prefix\":{\"type\":\"string\",\"description\":\"Only keys starting with this\"},"
                        + "\"cursor\":{\"type\":\"string\",\"description\":\"nextCursor of the previous page\"},"
                        + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":1000,\"description\":\"Keys per page (default 100)\"}}}",
                "{\"type\":\"object\",\"properties\":{\"keys\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                        + "\"nextCursor\":{\"type\":\"string\"}},\"required\":[\"keys\"]}",
                annotations("List keys", true, false, true)), this::scan));
        if (!options.readOnly()) {
            tools.add(spec(tool("kv_put", "Put entry",
                    "Stores a JSON object under a key, optionally expiring after ttlSeconds; with expectedVersion "
                            + "it only replaces the entry whose current version matches (compare-and-set).",
                    "{\"type\":\"object\",\"properties\":{" + COLLECTION_PROP + "," + KEY_PROP
                            + ",\"value\":{\"type\":\"object\",\"description\":\"The JSON object to store\"},"
                            + "\"ttlSeconds\":{\"type\":\"number\",\"exclusiveMinimum\":0,\"description\":\"Time to live in seconds\"},"
                            + "\"expectedVersion\":{\"type\":\"string\",\"description\":\"Replace only if the entry has this version\"}},"
                            + "\"required\":[\"key\",\"value\"]}",
                    "{\"type\":\"object\",\"properties\":{\"stored\":{\"type\":\"boolean\"},\"version\":{\"type\":\"string\"}},"
                            + "\"required\":[\"stored\"]}",
                    annotations("Put entry", false, true, true)), this::put));
            tools.add(spec(tool("kv_delete", "Delete entry", "Deletes the entry stored under a key.",
                    "{\"type\":\"object\",\"properties\":{" + COLLECTION_PROP + "," + KEY_PROP + "},\"required\":[\"key\"]}",
                    "{\"type\":\"object\",\"properties\":{\"deleted\":{\"type\":\"boolean\"}},\"required\":[\"deleted\"]}",
                    annotations("Delete entry", false, true, true)), this::delete));
        }
        return tools;
    }

    // ------------------------------------------------------------------ handlers

    private Mono<Map<String, Object>> get(Map<String, Object> args) {
        String collection = collection(args);
        String key = string(args, "key", true);
        return store.ttl(collection, key)
                .map(e -> {
                    checkToolSize(collection, key, e);
                    return describe(e);
                })
                .defaultIfEmpty(Map.of("found", false));
    }

    /** A tool result carries the value twice (text and structured content): large values go to resources/read. */
    private void checkToolSize(String collection, String key, Entry e) {
        long bytes;
        try {
            bytes = mapper.writeValueAsString(e.value()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        } catch (IOException ex) {
            throw new ToolError("Cannot serialise the value of " + collection + "/" + key + ": " + ex.getMessage());
        }
        if (bytes > options.maxToolValueBytes()) {
            throw new ToolError("The value of " + collection + "/" + key + " is " + bytes + " bytes, over kv_get's limit of "
                    + options.maxToolValueBytes() + " bytes (a tool result holds it twice). Read it with resources/read "
                    + "on " + new KvUri(collection, key).uri() + ", or raise the limit (serve --max-tool-value-bytes).");
        }
    }

    private Mono<Map<String, Object>> put(Map<String, Object> args) {
        String collection = collection(args);
        String key = string(args, "key", true);
        Object raw = args.get("value");
        if (!(raw instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("'value' must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> value = (Map<String, ?>) map;
        Duration ttl = ttl(args.get("ttlSeconds"));
        String expected = string(args, "expectedVersion", false);
        Mono<Boolean> write = expected == null
                ? store.exists(collection, key).flatMap(existed -> store.put(collection, key, value, ttl)
                        .then(Mono.fromRunnable(() -> {
                            if (!existed) {
                                hub.listChanged();
                            }
                        }))
                        .thenReturn(true))
                : store.compareAndSet(collection, key, expected, value, ttl);
        return write.flatMap(stored -> stored
                ? store.ttl(collection, key).map(e -> Map.<String, Object>of("stored", true, "version", e.version()))
                        .defaultIfEmpty(Map.of("stored", true))
                : Mono.just(Map.of("stored", false)));
    }

    private Mono<Map<String, Object>> delete(Map<String, Object> args) {
        String collection = collection(args);
        String key = string(args, "key", true);
        return store.delete(collection, key).map(deleted -> {
            if (deleted) {
                hub.listChanged();
            }
            return Map.of("deleted", deleted);
        });
    }

    private Mono<Map<String, Object>> scan(Map<String, Object> args) {
        String collection = collection(args);
        String prefix = string(args, "prefix", false);
        String cursor = string(args, "cursor", false);
        int limit = 100;
        Object l = args.get("limit");
        if (l instanceof Number n) {
            limit = n.intValue();
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("'limit' must be within 1..1000");
        }
        String storeCursor = null;
        if (cursor != null) {
            List<String> parts = cursors.decode(SCAN_PURPOSE, cursor, 3);
            if (!parts.get(0).equals(collection) || !parts.get(1).equals(prefix == null ? "" : prefix)) {
                throw new IllegalArgumentException("cursor belongs to another scan");
            }
            storeCursor = parts.get(2);
        }
        ScanOptions scan = ScanOptions.all().withPrefix(prefix).withCursor(storeCursor).withPageSize(limit);
        return store.keyPage(collection, scan).map(page -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("keys", page.keys());
            if (page.nextCursor() != null) {
                out.put("nextCursor", cursors.encode(SCAN_PURPOSE,
                        List.of(collection, prefix == null ? "" : prefix, page.nextCursor())));
            }
            return out;
        });
    }

    // ------------------------------------------------------------------ helpers

    static Map<String, Object> describe(Entry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("found", true);
        out.put("value", e.value());
        out.put("version", e.version());
        if (e.expiresAt() != null) {
            out.put("expiresAt", e.expiresAt().toString());
        }
        if (e.ttl() != null) {
            out.put("ttlSeconds", e.ttl().toMillis() / 1000.0);
        }
        return out;
    }

    private String collection(Map<String, Object> args) {
        String c = string(args, "collection", false);
        String collection = c == null ? KeyValueStore.DEFAULT_COLLECTION : c;
        if (!options.allows(collection)) {
            throw new IllegalArgumentException("Collection not exposed: " + collection);
        }
        return collection;
    }

    private static @Nullable String string(Map<String, Object> args, String name, boolean required) {
        Object v = args.get(name);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException("'" + name + "' is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
        }
        return s;
    }

    private static @Nullable Duration ttl(@Nullable Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("'ttlSeconds' must be a number");
        }
        double seconds = n.doubleValue();
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("'ttlSeconds' must be positive");
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    /** A failure whose message is meant for the caller as it stands. */
    static final class ToolError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolError(String message) {
            super(message, null, false, false);
        }
    }

    private interface Handler {
        Mono<Map<String, Object>> handle(Map<String, Object> args);
    }

    private McpServerFeatures.AsyncToolSpecification spec(McpSchema.Tool tool, Handler handler) {
        return McpServerFeatures.AsyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> Mono.defer(() -> handler.handle(
                                request.arguments() == null ? Map.of() : request.arguments()))
                        .map(this::success)
                        .onErrorResume(e -> Mono.just(failure(e))))
                .build();
    }

    private McpSchema.CallToolResult success(Map<String, Object> structured) {
        String text;
        try {
            text = mapper.writeValueAsString(structured);
        } catch (IOException e) {
            text = String.valueOf(structured);
        }
        return McpSchema.CallToolResult.builder().addTextContent(text).structuredContent(structured).build();
    }

    private static McpSchema.CallToolResult failure(Throwable e) {
        String message;
        if (e instanceof McpError m && m.getJsonRpcError() != null) {
            message = m.getJsonRpcError().message();
        } else if (e instanceof KeyValueException || e instanceof IllegalArgumentException || e instanceof ToolError) {
            message = e.getMessage();
        } else {
            message = "Internal error: " + e;
        }
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private McpSchema.Tool tool(String name, String title, String description, String input, String output,
                                McpSchema.ToolAnnotations annotations) {
        return McpSchema.Tool.builder().name(name).title(title).description(description)
                .inputSchema(mapper, input).outputSchema(mapper, output).annotations(annotations).build();
    }

    private static McpSchema.ToolAnnotations annotations(String title, boolean readOnly, boolean destructive,
                                                         boolean idempotent) {
        return new McpSchema.ToolAnnotations(title, readOnly, destructive, idempotent, false, null);
    }
}
