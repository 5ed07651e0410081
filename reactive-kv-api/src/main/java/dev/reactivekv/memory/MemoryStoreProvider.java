package dev.reactivekv.memory;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.StoreProvider;
import dev.reactivekv.spi.StoreUri;

/** {@code memory:} with the options of {@link MemoryStore.Builder#options}, e.g. {@code memory:?maxEntriesPerCollection=N}. */
public final class MemoryStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public KeyValueStore open(URI uri) {
        return MemoryStore.builder().fromUri(StoreUri.parse(uri)).build();
    }
}
