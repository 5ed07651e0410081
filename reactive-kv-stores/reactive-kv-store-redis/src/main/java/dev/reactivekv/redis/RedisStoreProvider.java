package dev.reactivekv.redis;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.StoreProvider;
import dev.reactivekv.spi.StoreUri;

/** Opens {@link RedisStore}s for {@code redis}, {@code rediss}, {@code valkey}, {@code valkeys} and their Sentinel/Cluster forms. */
public final class RedisStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return RedisUris.SCHEMES;
    }

    @Override
    public KeyValueStore open(URI uri) {
        return RedisStore.builder().fromUri(StoreUri.parse(uri)).build();
    }
}
