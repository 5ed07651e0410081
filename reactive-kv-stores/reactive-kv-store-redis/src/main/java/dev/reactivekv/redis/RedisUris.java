package dev.reactivekv.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.reactivekv.error.StoreSetupException;
import io.lettuce.core.RedisURI;

/**
 * Reads the store's URIs into Lettuce {@link RedisURI}s.
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]}, {@code rediss://…} (TLS);
 *       {@code valkey://} and {@code valkeys://} are the same;</li>
 *   <li>{@code redis-sentinel://host:port[,host:port…][/db]?sentinelMasterId=name} (Lettuce's form);</li>
 *   <li>{@code redis-cluster://host:port[,host:port…]} (also {@code rediss-cluster}, {@code valkey-cluster},
 *       {@code valkeys-cluster}), or any of the first forms with {@code ?cluster=true}.</li>
 * </ul>
 * Options of the store itself, removed before Lettuce sees the query: {@code cluster},
 * {@code watchBuffer}, {@code configureNotifications}. Lettuce's own ({@code timeout}, {@code database},
 * {@code clientName}, {@code sentinelMasterId}, {@code verifyPeer}, …) pass through.
 */
final class RedisUris {

    static final Set<String> SCHEMES = Set.of("redis", "rediss", "valkey", "valkeys", "redis-sentinel",
            "rediss-sentinel", "redis-cluster", "rediss-cluster", "valkey-cluster", "valkeys-cluster");
    private static final Set<String> OWN_OPTIONS = Set.of("cluster", "watchBuffer", "configureNotifications");

    record Parsed(List<RedisURI> uris, boolean cluster, Map<String, String> options) {
    }

    private RedisUris() {
    }

    static Parsed parse(String uri) {
        int colon = uri.indexOf("://");
        if (colon < 0) {
            throw new StoreSetupException("Not a Redis URI: " + uri);
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new StoreSetupException("Unsupported Redis URI scheme '" + scheme + "' in " + redact(uri));
        }
        String rest = uri.substring(colon + 3);
        Map<String, String> own = new LinkedHashMap<>();
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            StringBuilder kept = new StringBuilder();
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (OWN_OPTIONS.contains(name)) {
                    own.put(name, pair.contains("=") ? pair.substring(pair.indexOf('=') + 1) : "true");
                } else {
                    kept.append(kept.length() == 0 ? "?" : "&").append(pair);
                }
            }
            query = kept.toString();
            rest = rest.substring(0, q);
        }
        boolean cluster = scheme.endsWith("-cluster") || Boolean.parseBoolean(own.getOrDefault("cluster", "false"));
        boolean tls = scheme.startsWith("rediss") || scheme.startsWith("valkeys");
        try {
            if (scheme.endsWith("-sentinel")) {
                if (cluster) {
                    throw new StoreSetupException("A Sentinel URI cannot also be a cluster: " + redact(uri));
                }
                return new Parsed(List.of(RedisURI.create(scheme + "://" + rest + query)), false, own);
            }
            String base = tls ? "rediss://" : "redis://";
            String userInfo = "";
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                userInfo = rest.substring(0, at + 1);
                rest = rest.substring(at + 1);
            }
            String path = "";
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                path = rest.substring(slash);
                rest = rest.substring(0, slash);
            }
            List<RedisURI> uris = new ArrayList<>();
            for (String hostPort : rest.split(",")) {
                if (!hostPort.isBlank()) {
                    uris.add(RedisURI.create(base + userInfo + hostPort.trim() + path + query));
                }
            }
            if (uris.isEmpty()) {
                throw new StoreSetupException("No host in Redis URI " + redact(uri));
            }
            if (!cluster && uris.size() > 1) {
                throw new StoreSetupException("Several hosts need redis-cluster:// or redis-sentinel://: " + redact(uri));
            }
            if (cluster && uris.stream().anyMatch(u -> u.getDatabase() != 0)) {
                throw new StoreSetupException("A Redis Cluster has only database 0: " + redact(uri));
            }
            return new Parsed(List.copyOf(uris), cluster, own);
        } catch (IllegalArgumentException e) {
            throw new StoreSetupException("Malformed Redis URI " + redact(uri) + ": " + e.getMessage(), e);
        }
    }

    /** The URI without its password, for messages. */
    static String redact(String uri) {
        return uri.replaceAll("://([^:@/]*):[^@/]*@", "://$1:***@");
    }
}
