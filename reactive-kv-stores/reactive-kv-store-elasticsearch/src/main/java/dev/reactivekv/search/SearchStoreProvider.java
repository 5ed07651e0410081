package dev.reactivekv.search;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.StoreProvider;

/** Opens {@link SearchStore}s for {@code elasticsearch}, {@code elasticsearch+https}, {@code opensearch} and {@code opensearch+https}. */
public final class SearchStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return SearchStore.SCHEMES;
    }

    @Override
    public KeyValueStore open(URI uri) {
        return SearchStore.builder(uri.toString()).build();
    }
}
