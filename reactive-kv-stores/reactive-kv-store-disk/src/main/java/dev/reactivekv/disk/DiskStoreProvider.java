package dev.reactivekv.disk;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.StoreSetupException;
import dev.reactivekv.spi.StoreProvider;

/** {@code disk:/absolute/path} opens that directory; {@code disk:} the platform data directory of "reactive-kv". */
public final class DiskStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("disk");
    }

    @Override
    public KeyValueStore open(URI uri) {
        DiskStore.Builder b = DiskStore.builder();
        String path = uri.getPath();
        if (path == null) {
            String ssp = uri.getSchemeSpecificPart();
            int q = ssp == null ? -1 : ssp.indexOf('?');
            path = q >= 0 ? ssp.substring(0, q) : ssp;
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            throw new StoreSetupException("The disk store takes no options in its URI: " + uri);
        }
        if (path != null && !path.isEmpty()) {
            if (!path.startsWith("/") && !path.matches("[A-Za-z]:.*")) {
                throw new StoreSetupException("disk: needs an absolute path, got '" + path + "' in " + uri);
            }
            b.directory(Path.of(path));
        }
        return b.build();
    }
}
