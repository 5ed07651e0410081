package dev.reactivekv.search;

import dev.reactivekv.spi.BuilderStoreProvider;

/** Opens {@link SearchStore}s for {@code elasticsearch}, {@code elasticsearch+https}, {@code opensearch} and {@code opensearch+https}. */
public final class SearchStoreProvider extends BuilderStoreProvider {

    public SearchStoreProvider() {
        super(SearchStore.SCHEMES, SearchStore::builder);
    }
}
