package dev.reactivekv.mcp;

import java.util.Set;

/**
 * What the bridge exposes.
 *
 * @param readOnly                  when true the writing tools ({@code kv_put}, {@code kv_delete}) are not offered
 * @param allowedCollections        the only collections visible through MCP; empty = every collection
 * @param pageSize                  resources per {@code resources/list} page (1..1000)
 * @param maxSubscriptionsPerSession subscriptions one session may hold; beyond it {@code resources/subscribe}
 *                                  fails with invalid params (this bounds the per-session notification queue)
 * @param maxToolValueBytes         the largest value (serialised JSON, UTF-8 bytes) {@code kv_get} returns; a larger
 *                                  one is a tool error pointing to {@code resources/read}, which returns the value once
 *                                  where a tool result carries it twice (text and structured content)
 */
public record BridgeOptions(boolean readOnly, Set<String> allowedCollections, int pageSize,
                            int maxSubscriptionsPerSession, int maxToolValueBytes) {

    /** The default {@link #maxToolValueBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_TOOL_VALUE_BYTES = 1 << 20;

    public BridgeOptions {
        allowedCollections = Set.copyOf(allowedCollections);
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be within 1..1000: " + pageSize);
        }
        if (maxSubscriptionsPerSession < 1) {
            throw new IllegalArgumentException("maxSubscriptionsPerSession must be positive");
        }
        if (maxToolValueBytes < 1) {
            throw new IllegalArgumentException("maxToolValueBytes must be positive: " + maxToolValueBytes);
        }
    }

    /** Read-write, every collection, pages of 100, at most 1,000 subscriptions per session, kv_get values ≤ 1 MiB. */
    public static BridgeOptions defaults() {
        return new BridgeOptions(false, Set.of(), 100, 1000, DEFAULT_MAX_TOOL_VALUE_BYTES);
    }

    public BridgeOptions withReadOnly(boolean ro) {
        return new BridgeOptions(ro, allowedCollections, pageSize, maxSubscriptionsPerSession, maxToolValueBytes);
    }

    public BridgeOptions withAllowedCollections(Set<String> collections) {
        return new BridgeOptions(readOnly, collections, pageSize, maxSubscriptionsPerSession, maxToolValueBytes);
    }

    public BridgeOptions withPageSize(int size) {
        return new BridgeOptions(readOnly, allowedCollections, size, maxSubscriptionsPerSession, maxToolValueBytes);
    }

    public BridgeOptions withMaxToolValueBytes(int bytes) {
        return new BridgeOptions(readOnly, allowedCollections, pageSize, maxSubscriptionsPerSession, bytes);
    }

    /** Whether MCP may see this collection; never the reserved ones ({@link SessionOptions#RESERVED_PREFIX}). */
    boolean allows(String collection) {
        return !collection.startsWith(SessionOptions.RESERVED_PREFIX)
                && (allowedCollections.isEmpty() || allowedCollections.contains(collection));
    }
}
