package dev.reactivekv.disk;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.StoreProvider;
import dev.reactivekv.spi.StoreUri;

/**
 * {@code disk:} (the platform data directory of "reactive-kv") and {@code disk:/absolute/path}, with the options
 * of {@link DiskStore.Builder#options}. Encrypted by default, as {@link DiskStore.Builder#build()}.
 */
public final class DiskStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("disk");
    }

    @Override
    public KeyValueStore open(URI uri) {
        return DiskStore.builder().fromUri(StoreUri.parse(uri)).build();
    }
}
