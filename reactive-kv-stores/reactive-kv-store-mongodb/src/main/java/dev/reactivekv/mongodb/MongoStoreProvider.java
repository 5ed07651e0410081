package dev.reactivekv.mongodb;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.StoreProvider;

/** Opens {@link MongoStore}s for {@code mongodb://} and {@code mongodb+srv://} URIs. */
public final class MongoStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return MongoUris.SCHEMES;
    }

    @Override
    public KeyValueStore open(URI uri) {
        return MongoStore.builder(uri.toString()).build();
    }
}
