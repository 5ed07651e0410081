package dev.reactivekv.memory;

import java.util.Set;

import dev.reactivekv.spi.BuilderStoreProvider;

/** {@code memory:} with the options of {@link MemoryStore.Builder#options}, e.g. {@code memory:?maxEntriesPerCollection=N}. */
public final class MemoryStoreProvider extends BuilderStoreProvider {

    public MemoryStoreProvider() {
        super(Set.of("memory"), MemoryStore::builder);
    }
}
