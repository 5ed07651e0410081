package dev.reactivekv.redis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.StoreUri;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import org.jspecify.annotations.Nullable;

/**
 * Reads the store's URIs, taken apart by {@link StoreUri}, into Lettuce {@link RedisURI}s.
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]}, {@code rediss://…} (TLS);
 *       {@code valkey://} and {@code valkeys://} are the same;</li>
 *   <li>{@code redis-sentinel://host:port[,host:port…][/db]?sentinelMasterId=name} (also {@code rediss-sentinel});</li>
 *   <li>{@code redis-cluster://host:port[,host:port…]} (also {@code rediss-cluster}, {@code valkey-cluster},
 *       {@code valkeys-cluster}), or any of the first forms with {@code ?cluster=true}.</li>
 * </ul>
 * The connection options Lettuce knows in a URI ({@code database}/{@code db}, {@code clientName},
 * {@code libraryName}, {@code libraryVersion}, {@code sentinelMasterId}, {@code verifyPeer}) are read here as
 * typed options and set on the {@link RedisURI}s; the store's own ({@code timeout}, {@code watchBuffer},
 * {@code configureNotifications}, …) are read by {@link RedisStore.Builder#options}. Anything else is
 * left unread, so {@link StoreUri#checkAllOptionsRead()} refuses it.
 */
final class RedisUris {

    static final Set<String> SCHEMES = Set.of("redis", "rediss", "valkey", "valkeys", "redis-sentinel",
            "rediss-sentinel", "redis-cluster", "rediss-cluster", "valkey-cluster", "valkeys-cluster");

    /** Where to connect: one URI (standalone, Sentinel) or the seed nodes of a cluster. */
    record Parsed(List<RedisURI> uris, boolean cluster) {
    }

    private RedisUris() {
    }

    static Parsed parse(StoreUri uri) {
        String scheme = uri.scheme();
        String shown = StoreUri.redact(uri.uri().toString());
        if (!SCHEMES.contains(scheme)) {
            throw new StoreSetupException("Unsupported Redis URI scheme '" + scheme + "' in " + shown);
        }
        String authority = uri.authority();
        if (authority == null || authority.isEmpty()) {
            throw new StoreSetupException("No host in Redis URI " + shown);
        }
        boolean cluster = scheme.endsWith("-cluster") || uri.booleanOption("cluster", false);
        boolean tls = scheme.startsWith("rediss") || scheme.startsWith("valkeys");
        String path = uri.uri().getRawPath() == null ? "" : uri.uri().getRawPath();
        Integer database = database(uri, shown);
        String masterId = uri.option("sentinelMasterId");
        String clientName = uri.option("clientName");
        String libraryName = uri.option("libraryName");
        String libraryVersion = uri.option("libraryVersion");
        SslVerifyMode verify = verifyMode(uri.option("verifyPeer"), shown);
        List<RedisURI> uris = new ArrayList<>();
        try {
            if (scheme.endsWith("-sentinel")) {
                if (cluster) {
                    throw new StoreSetupException("A Sentinel URI cannot also be a cluster: " + shown);
                }
                if (masterId == null) {
                    throw new StoreSetupException("A Sentinel URI needs ?sentinelMasterId=<name>: " + shown);
                }
                uris.add(RedisURI.create(scheme + "://" + authority + path
                        + "?sentinelMasterId=" + URLEncoder.encode(masterId, StandardCharsets.UTF_8)));
            } else {
                if (masterId != null) {
                    throw new StoreSetupException("sentinelMasterId needs a redis-sentinel:// URI: " + shown);
                }
                String base = tls ? "rediss://" : "redis://";
                int at = authority.lastIndexOf('@');
                String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
                for (String hostPort : authority.substring(at + 1).split(",")) {
                    if (!hostPort.isBlank()) {
                        uris.add(RedisURI.create(base + userInfo + hostPort.trim() + path));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new StoreSetupException("Malformed Redis URI " + shown + ": " + e.getMessage(), e);
        }
        if (uris.isEmpty()) {
            throw new StoreSetupException("No host in Redis URI " + shown);
        }
        if (!cluster && uris.size() > 1) {
            throw new StoreSetupException("Several hosts need redis-cluster:// or redis-sentinel://: " + shown);
        }
        for (RedisURI u : uris) {
            if (database != null) {
                u.setDatabase(database);
            }
            if (clientName != null) {
                u.setClientName(clientName);
            }
            if (libraryName != null) {
                u.setLibraryName(libraryName);
            }
            if (libraryVersion != null) {
                u.setLibraryVersion(libraryVersion);
            }
            if (verify != null) {
                u.setVerifyPeer(verify);
            }
        }
        if (cluster && uris.stream().anyMatch(u -> u.getDatabase() != 0)) {
            throw new StoreSetupException("A Redis Cluster has only database 0: " + shown);
        }
        return new Parsed(List.copyOf(uris), cluster);
    }

    /** {@code database} or Lettuce's alias {@code db}: a database number, 0 included. */
    private static @Nullable Integer database(StoreUri uri, String shown) {
        String a = uri.option("database");
        String b = uri.option("db");
        if (a != null && b != null) {
            throw new StoreSetupException("database and db both given in " + shown);
        }
        String v = a != null ? a : b;
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StoreSetupException("Option database=" + v + " in " + shown + " must be a database number (0 or more)");
    }

    private static @Nullable SslVerifyMode verifyMode(@Nullable String v, String shown) {
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "full" -> SslVerifyMode.FULL;
            case "ca" -> SslVerifyMode.CA;
            case "false", "none" -> SslVerifyMode.NONE;
            default -> throw new StoreSetupException("Option verifyPeer=" + v + " in " + shown
                    + " must be true, false, none, ca or full");
        };
    }
}
