package dev.reactivekv.memcached;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.StoreProvider;

/** Opens {@link MemcachedStore}s for {@code memcached://host[:port][?timeout=10s&connectTimeout=2s]}. */
public final class MemcachedStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("memcached");
    }

    @Override
    public KeyValueStore open(URI uri) {
        return MemcachedStore.builder(uri.toString()).build();
    }
}
