package dev.reactivekv.postgresql;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.StoreProvider;

/** Opens {@link PostgresStore}s for {@code postgresql://} and {@code postgres://} URIs. */
public final class PostgresStoreProvider implements StoreProvider {

    static final Set<String> SCHEMES = Set.of("postgresql", "postgres");

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public KeyValueStore open(URI uri) {
        return PostgresStore.builder(uri.toString()).build();
    }
}
