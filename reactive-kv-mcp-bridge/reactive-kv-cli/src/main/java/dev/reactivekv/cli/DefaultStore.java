package dev.reactivekv.cli;

import dev.reactivekv.KeyValueStores;

/**
 * Chooses the store {@code serve} uses when no {@code --store} is given: the persistent disk store
 * in its own default location (the platform data directory, see reactive-kv-store-disk) when that
 * module is on the class path, as it is for the launcher; otherwise the in-memory store.
 */
final class DefaultStore {

    private DefaultStore() {
    }

    static String uri() {
        return KeyValueStores.providers().containsKey("disk") ? "disk:" : "memory:";
    }
}
