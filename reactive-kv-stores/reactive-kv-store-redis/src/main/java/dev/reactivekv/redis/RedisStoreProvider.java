package dev.reactivekv.redis;

import dev.reactivekv.spi.BuilderStoreProvider;

/** Opens {@link RedisStore}s for {@code redis}, {@code rediss}, {@code valkey}, {@code valkeys} and their Sentinel/Cluster forms. */
public final class RedisStoreProvider extends BuilderStoreProvider {

    public RedisStoreProvider() {
        super(RedisUris.SCHEMES, RedisStore::builder);
    }
}
