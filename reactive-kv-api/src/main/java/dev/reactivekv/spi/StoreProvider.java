package dev.reactivekv.spi;

import java.net.URI;
import java.util.Set;

import dev.reactivekv.KeyValueStore;

/**
 * Opens stores from URIs for {@link dev.reactivekv.KeyValueStores#open}. Implementations are
 * found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.reactivekv.spi.StoreProvider}.
 */
public interface StoreProvider {

    /** URI schemes this provider opens, lower case ({@code "redis"}, {@code "memory"}). */
    Set<String> schemes();

    /**
     * Opens a store. Called on the caller's thread; may do blocking set-up.
     *
     * @throws dev.reactivekv.error.StoreSetupException when the URI is malformed or the store cannot be created
     */
    KeyValueStore open(URI uri);
}
