package dev.reactivekv.rocksdb;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.StoreProvider;

/**
 * {@code rocksdb:/absolute/path} (also {@code rocksdb:///absolute/path} and {@code rocksdb:relative/path}),
 * with options {@code ?createIfMissing=false}, {@code ?syncWrites=true}, {@code ?threads=N}.
 */
public final class RocksDbStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("rocksdb");
    }

    @Override
    public KeyValueStore open(URI uri) {
        String path;
        String query;
        if (uri.isOpaque()) {
            String ssp = uri.getSchemeSpecificPart();
            int q = ssp.indexOf('?');
            path = q < 0 ? ssp : ssp.substring(0, q);
            query = q < 0 ? null : ssp.substring(q + 1);
        } else {
            path = uri.getPath();
            query = uri.getQuery();
            if (uri.getAuthority() != null) {
                throw new StoreSetupException("rocksdb: URIs name a local directory, not a host: " + uri);
            }
        }
        if (path == null || path.isEmpty()) {
            throw new StoreSetupException("rocksdb: URI needs a directory, e.g. rocksdb:/var/lib/app/kv; got " + uri);
        }
        RocksDbStore.Builder b = RocksDbStore.builder().path(Path.of(path));
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                String value = kv.length == 2 ? kv[1] : "";
                try {
                    switch (kv[0]) {
                        case "createIfMissing" -> b.createIfMissing(bool(value));
                        case "syncWrites" -> b.syncWrites(bool(value));
                        case "threads" -> b.threads(Integer.parseInt(value));
                        default -> throw new StoreSetupException("Unknown rocksdb option '" + kv[0] + "' in " + uri);
                    }
                } catch (IllegalArgumentException e) {
                    throw new StoreSetupException("Bad rocksdb option '" + pair + "' in " + uri, e);
                }
            }
        }
        return b.build();
    }

    private static boolean bool(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("expected true or false, got '" + v + "'");
    }
}
