package dev.reactivekv.rocksdb;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.StoreProvider;
import dev.reactivekv.spi.StoreUri;

/** {@code rocksdb:/absolute/path} (also {@code rocksdb:///absolute/path}) with the options of {@link RocksDbStore.Builder#options}. */
public final class RocksDbStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("rocksdb");
    }

    @Override
    public KeyValueStore open(URI uri) {
        return RocksDbStore.builder().fromUri(StoreUri.parse(uri)).build();
    }
}
