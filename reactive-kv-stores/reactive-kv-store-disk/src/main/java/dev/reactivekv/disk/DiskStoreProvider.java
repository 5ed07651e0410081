package dev.reactivekv.disk;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import dev.reactivekv.Capability;
import dev.reactivekv.spi.BuilderStoreProvider;

/** {@code disk:} (the platform data directory of "reactive-kv") and {@code disk:/absolute/path}, with the options of {@link DiskStore.Builder#options}; encrypted by default. */
public final class DiskStoreProvider extends BuilderStoreProvider {

    public DiskStoreProvider() {
        super(Set.of("disk"), DiskStore::builder);
    }

    /**
     * Known before opening: one fixed set whatever the options (the encryption wrapper passes it through). Opening
     * takes seconds of CPU (Chronicle Map compiles classes at run time), which {@code reactive-kv serve} spends
     * after it starts listening.
     */
    @Override
    public Optional<Set<Capability>> capabilitiesBeforeOpen(URI uri) {
        return Optional.of(DiskKeyValueStore.CAPABILITIES);
    }
}
