package dev.reactivekv.dynamodb;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.StoreProvider;

/** Opens {@link DynamoDbStore}s for {@code dynamodb://TABLE?region=…&endpoint=…} URIs. */
public final class DynamoDbStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("dynamodb");
    }

    @Override
    public KeyValueStore open(URI uri) {
        return DynamoDbStore.builder(uri.toString()).build();
    }
}
