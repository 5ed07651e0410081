package dev.reactivekv.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The options every store shares, as {@link AbstractStoreBuilder} collected them.
 *
 * @param clock         the clock of created and expiry stamps and of expiry on read
 * @param sweepInterval how often a store that sweeps removes expired entries and announces EXPIRE
 * @param watchBuffer   events a watcher may have pending before it receives RESYNC instead
 * @param threads       size of the bounded scheduler a blocking backend runs its work on
 */
public record StoreOptions(Clock clock, Duration sweepInterval, int watchBuffer, int threads) {

    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMillis(100);

    public StoreOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
    }

    /** The defaults: system UTC clock, 100 ms sweep, {@value WatchHub#DEFAULT_BUFFER} events, one thread per core (at least 2). */
    public static StoreOptions defaults() {
        return new StoreOptions(Clock.systemUTC(), DEFAULT_SWEEP_INTERVAL, WatchHub.DEFAULT_BUFFER,
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
