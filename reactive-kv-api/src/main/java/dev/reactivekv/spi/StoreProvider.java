package dev.reactivekv.spi;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import dev.reactivekv.Capability;
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

    /**
     * The capabilities the store {@link #open(URI)} would return reports, when the provider knows them without
     * opening it; empty (the default) when it does not. A caller that must describe the store before a slow open
     * finishes (an MCP server answering {@code initialize} while a disk store opens in the background) uses
     * this. A provider that answers must answer exactly what the opened store's {@code capabilities()} reports.
     */
    default Optional<Set<Capability>> capabilitiesBeforeOpen(URI uri) {
        return Optional.empty();
    }
}
