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
 */
public record BridgeOptions(boolean readOnly, Set<String> allowedCollections, int pageSize,
                            int maxSubscriptionsPerSession) {

    public BridgeOptions {
        allowedCollections = Set.copyOf(allowedCollections);
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be within 1..1000: " + pageSize);
        }
        if (maxSubscriptionsPerSession < 1) {
            throw new IllegalArgumentException("maxSubscriptionsPerSession must be positive");
        }
    }

    /** Read-write, every collection, pages of 100, at most 1,000 subscriptions per session. */
    public static BridgeOptions defaults() {
        return new BridgeOptions(false, Set.of(), 100, 1000);
    }

    public BridgeOptions withReadOnly(boolean ro) {
        return new BridgeOptions(ro, allowedCollections, pageSize, maxSubscriptionsPerSession);
    }

    public BridgeOptions withAllowedCollections(Set<String> collections) {
        return new BridgeOptions(readOnly, collections, pageSize, maxSubscriptionsPerSession);
    }

    public BridgeOptions withPageSize(int size) {
        return new BridgeOptions(readOnly, allowedCollections, size, maxSubscriptionsPerSession);
    }

    /** Whether MCP may see this collection; never the reserved ones ({@link SessionOptions#RESERVED_PREFIX}). */
    boolean allows(String collection) {
        return !collection.startsWith(SessionOptions.RESERVED_PREFIX)
                && (allowedCollections.isEmpty() || allowedCollections.contains(collection));
    }
}
