package dev.reactivekv.memory;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.StoreProvider;

/** {@code memory:} and {@code memory:?maxEntriesPerCollection=N}. */
public final class MemoryStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public KeyValueStore open(URI uri) {
        MemoryStore.Builder b = MemoryStore.builder();
        String query = uri.getRawQuery() != null ? uri.getRawQuery()
                : uri.getRawSchemeSpecificPart() != null && uri.getRawSchemeSpecificPart().contains("?")
                ? uri.getRawSchemeSpecificPart().substring(uri.getRawSchemeSpecificPart().indexOf('?') + 1) : null;
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals("maxEntriesPerCollection")) {
                    try {
                        b.maxEntriesPerCollection(Integer.parseInt(kv[1]));
                    } catch (IllegalArgumentException e) {
                        throw new StoreSetupException("Bad maxEntriesPerCollection in " + uri + ": " + kv[1], e);
                    }
                } else {
                    throw new StoreSetupException("Unknown memory store option '" + pair + "' in " + uri);
                }
            }
        }
        return b.build();
    }
}
