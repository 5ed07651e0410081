package dev.reactivekv.disk;

import java.util.Set;

import dev.reactivekv.spi.BuilderStoreProvider;

/** {@code disk:} (the platform data directory of "reactive-kv") and {@code disk:/absolute/path}, with the options of {@link DiskStore.Builder#options}; encrypted by default. */
public final class DiskStoreProvider extends BuilderStoreProvider {

    public DiskStoreProvider() {
        super(Set.of("disk"), DiskStore::builder);
    }
}
