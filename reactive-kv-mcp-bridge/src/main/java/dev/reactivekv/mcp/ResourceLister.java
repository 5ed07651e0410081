package dev.reactivekv.mcp;

import java.util.ArrayList;
import java.util.List;

import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@code resources/list} over the whole store, in pages. Collections are visited in ascending name order
 * and each collection's keys through the store's {@link KeyValueStore#keyPage} cursor, so a page costs
 * one collections scan (memory: the collection names) plus at most a page of keys. The MCP cursor wraps
 * {@code (collection, store cursor)} and is tamper-checked by {@link CursorCodec}.
 *
 * <p>Guarantee: in a store nobody writes to during the listing, every key is listed exactly once. Keys
 * written meanwhile may or may not appear, as with the store's own scans.
 */
final class ResourceLister {

    private static final String PURPOSE = "resources/list";

    private final KeyValueStore store;
    private final BridgeOptions options;
    private final CursorCodec cursors;

    ResourceLister(KeyValueStore store, BridgeOptions options, CursorCodec cursors) {
        this.store = store;
        this.options = options;
        this.cursors = cursors;
    }

    Mono<McpSchema.ListResourcesResult> list(@Nullable String cursor) {
        return Mono.defer(() -> {
            String startCollection = null;
            String storeCursor = null;
            if (cursor != null) {
                List<String> parts = cursors.decode(PURPOSE, cursor, 2);
                startCollection = parts.get(0);
                storeCursor = parts.get(1).isEmpty() ? null : parts.get(1);
            }
            String from = startCollection;
            String at = storeCursor;
            return store.collections()
                    .filter(options::allows)
                    .filter(c -> from == null || c.compareTo(from) >= 0)
                    .sort()
                    .collectList()
                    .flatMap(names -> fill(names, 0, at, new ArrayList<>()));
        }).onErrorMap(InvalidCursorException.class, e -> CursorCodec.invalid());
    }

    private Mono<McpSchema.ListResourcesResult> fill(List<String> names, int index, @Nullable String storeCursor,
                                                     List<McpSchema.Resource> page) {
        if (index >= names.size()) {
            return Mono.just(new McpSchema.ListResourcesResult(page, null));
        }
        String collection = names.get(index);
        int wanted = options.pageSize() - page.size();
        ScanOptions scan = ScanOptions.all().withPageSize(wanted).withCursor(storeCursor);
        return store.keyPage(collection, scan).flatMap(kp -> {
            addAll(page, collection, kp);
            boolean full = page.size() >= options.pageSize();
            if (!kp.isLast()) {
                if (full) {
                    return Mono.just(result(page, collection, kp.nextCursor()));
                }
                return fill(names, index, kp.nextCursor(), page);
            }
            if (index + 1 >= names.size()) {
                return Mono.just(new McpSchema.ListResourcesResult(page, null));
            }
            if (full) {
                return Mono.just(result(page, names.get(index + 1), null));
            }
            return fill(names, index + 1, null, page);
        });
    }

    private McpSchema.ListResourcesResult result(List<McpSchema.Resource> page, String collection,
                                                 @Nullable String storeCursor) {
        return new McpSchema.ListResourcesResult(page,
                cursors.encode(PURPOSE, List.of(collection, storeCursor == null ? "" : storeCursor)));
    }

    private static void addAll(List<McpSchema.Resource> page, String collection, KeyPage kp) {
        for (String key : kp.keys()) {
            page.add(resource(new KvUri(collection, key)));
        }
    }

    static McpSchema.Resource resource(KvUri uri) {
        return McpSchema.Resource.builder()
                .uri(uri.uri())
                .name(uri.collection() + "/" + uri.key())
                .title(uri.key())
                .description("Entry '" + uri.key() + "' of collection '" + uri.collection() + "'")
                .mimeType("application/json")
                .build();
    }
}
