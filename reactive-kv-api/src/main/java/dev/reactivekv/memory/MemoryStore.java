package dev.reactivekv.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.WatchHub;
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

    /** Options of the in-memory store; every one has a usable default. */
    public static final class Builder {
        Clock clock = Clock.systemUTC();
        int maxEntriesPerCollection = Integer.MAX_VALUE;
        int watchBuffer = WatchHub.DEFAULT_BUFFER;
        Duration sweepInterval = Duration.ofMillis(100);
        Scheduler sweepScheduler = Schedulers.parallel();

        private Builder() {
        }

        /** The clock expiry is measured with (inject one to test TTLs without waiting). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Beyond this many entries a collection evicts its oldest-created entry (watchers see DELETE). */
        public Builder maxEntriesPerCollection(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxEntriesPerCollection must be positive");
            }
            this.maxEntriesPerCollection = max;
            return this;
        }

        /** Events a watcher may have pending before it receives RESYNC instead. */
        public Builder watchBuffer(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("watchBuffer must be positive");
            }
            this.watchBuffer = events;
            return this;
        }

        /** How often expired entries are removed and announced as EXPIRE; reads never see them either way. */
        public Builder sweepInterval(Duration interval, Scheduler scheduler) {
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("sweepInterval must be positive");
            }
            this.sweepInterval = interval;
            this.sweepScheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public KeyValueStore build() {
            return new MemoryKeyValueStore(this);
        }
    }
}
