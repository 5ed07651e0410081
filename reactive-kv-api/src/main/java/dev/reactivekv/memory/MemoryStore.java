package dev.reactivekv.memory;

import java.time.Duration;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.AbstractStoreBuilder;
import dev.reactivekv.spi.StoreUri;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Builds the in-memory store: per-collection hash maps with a sorted key index, exact TTL
 * (checked on read, swept in the background so watchers see {@code EXPIRE}), an optional
 * per-collection bound that evicts the oldest-created entries, in-process watch, ordered
 * demand-driven scans and atomic conditional writes. Every operation completes on the
 * subscribing thread; nothing blocks.
 *
 * <pre>{@code
 * KeyValueStore store = MemoryStore.builder().maxEntriesPerCollection(10_000).build();
 * KeyValueStore byUri = KeyValueStores.open("memory:?maxEntriesPerCollection=10000&watchBuffer=64");
 * }</pre>
 */
public final class MemoryStore {

    private MemoryStore() {
    }

    /** An unbounded store with the system clock. */
    public static KeyValueStore create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options of the in-memory store; every one has a usable default. The shared ones (clock, sweep
     * interval, watch buffer) come from {@link AbstractStoreBuilder}; {@code threads} is unused (nothing blocks).
     */
    public static final class Builder extends AbstractStoreBuilder<Builder> {
        private int maxEntriesPerCollection = Integer.MAX_VALUE;
        private Scheduler sweepScheduler = Schedulers.parallel();

        private Builder() {
        }

        /** Beyond this many entries a collection evicts its oldest-created entry (watchers see DELETE). URI option {@code maxEntriesPerCollection}. */
        public Builder maxEntriesPerCollection(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxEntriesPerCollection must be positive");
            }
            this.maxEntriesPerCollection = max;
            return this;
        }

        /** {@link #sweepInterval(Duration)}, with the sweep running on {@code scheduler} (default {@link Schedulers#parallel()}). */
        public Builder sweepInterval(Duration interval, Scheduler scheduler) {
            sweepInterval(interval);
            this.sweepScheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The shared options and {@code maxEntriesPerCollection} of a {@code memory:} URI, which has no path. */
        @Override
        public Builder options(StoreUri uri) {
            if (!uri.path().isEmpty() || uri.authority() != null) {
                throw new dev.reactivekv.error.StoreSetupException("memory: URIs take no path or host: " + uri.uri());
            }
            super.options(uri);
            return maxEntriesPerCollection(uri.intOption("maxEntriesPerCollection", maxEntriesPerCollection));
        }

        @Override
        public KeyValueStore build() {
            return new MemoryKeyValueStore(storeOptions(), maxEntriesPerCollection, sweepScheduler);
        }
    }
}
