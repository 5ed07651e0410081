package dev.reactivekv.mongodb;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivekv.codec.SanitizationStrategy;
import dev.reactivekv.error.InvalidCollectionException;

/**
 * KV collection names to MongoDB collection names through a sanitization strategy, refusing (before
 * any I/O) what MongoDB cannot hold: an empty name, {@code $} or NUL, a {@code system.} prefix, or a
 * namespace ({@code database.collection}) over 255 UTF-8 bytes.
 */
final class CollectionNames {

    /** py-key-value's {@code MongoDBV1CollectionSanitizationStrategy}: hybrid, 200 characters, [A-Za-z0-9_]. */
    static final SanitizationStrategy V1 = SanitizationStrategy.hybrid(200, SanitizationStrategy.ALPHANUMERIC + "_");

    private static final int MAX_NAMESPACE_BYTES = 255;
    private static final int CACHE_LIMIT = 10_000;

    private final SanitizationStrategy strategy;
    private final String database;
    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

    CollectionNames(SanitizationStrategy strategy, String database) {
        this.strategy = strategy;
        this.database = database;
    }

    /** The MongoDB collection holding the KV collection. */
    String physical(String collection) {
        String known = cache.get(collection);
        if (known != null) {
            return known;
        }
        String problem = strategy.problem(collection);
        if (problem != null) {
            throw new InvalidCollectionException("Collection '" + collection + "' cannot be sanitized: " + problem);
        }
        String name = strategy.sanitize(collection);
        String refusal = refusal(name);
        if (refusal != null) {
            throw new InvalidCollectionException("Collection '" + collection + "' maps to MongoDB collection '" + name
                    + "', which " + refusal + "; use a sanitizing strategy such as MongoStore's default");
        }
        if (cache.size() < CACHE_LIMIT) {
            cache.put(collection, name);
        }
        return name;
    }

    private @org.jspecify.annotations.Nullable String refusal(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.indexOf('$') >= 0 || name.indexOf('\0') >= 0) {
            return "contains '$' or NUL";
        }
        if (name.startsWith("system.")) {
            return "starts with 'system.'";
        }
        if ((database + "." + name).getBytes(StandardCharsets.UTF_8).length > MAX_NAMESPACE_BYTES) {
            return "makes a namespace longer than " + MAX_NAMESPACE_BYTES + " bytes";
        }
        return null;
    }
}
