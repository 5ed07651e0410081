package dev.reactivekv.tck.mutant;

import java.time.Clock;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.ScanStatistics;
import dev.reactivekv.tck.StoreTestSupport;
import org.junit.jupiter.api.Tag;

/**
 * Base of the deliberately broken stores: a decorator over a real MemoryStore that breaks one rule.
 * Tagged {@code mutant} and named {@code *Mutant}, so Surefire never runs them as ordinary tests
 * (they are meant to fail); {@code MutantsFailTheKitTest} runs each through the JUnit launcher and
 * asserts that the kit fails it. The MemoryStore underneath is the backend whose scan requests count.
 */
@Tag("mutant")
abstract class MemoryMutant extends StoreTestSupport {

    private AbstractKeyValueStore backend;

    /** The broken store over {@code memory}. */
    protected abstract KeyValueStore mutate(KeyValueStore memory);

    @Override
    protected final KeyValueStore createStore(Clock clock) {
        KeyValueStore memory = MemoryStore.builder().clock(clock).build();
        if (backend == null) {
            backend = (AbstractKeyValueStore) memory;
        }
        return mutate(memory);
    }

    @Override
    public ScanStatistics scanStatistics() {
        return backend.scanStatistics();
    }
}
