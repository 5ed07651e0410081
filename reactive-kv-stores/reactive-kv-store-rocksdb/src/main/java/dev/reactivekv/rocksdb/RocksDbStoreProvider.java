package dev.reactivekv.rocksdb;

import java.util.Set;

import dev.reactivekv.spi.BuilderStoreProvider;

/** {@code rocksdb:/absolute/path} (also {@code rocksdb:///absolute/path}) with the options of {@link RocksDbStore.Builder#options}. */
public final class RocksDbStoreProvider extends BuilderStoreProvider {

    public RocksDbStoreProvider() {
        super(Set.of("rocksdb"), RocksDbStore::builder);
    }
}
