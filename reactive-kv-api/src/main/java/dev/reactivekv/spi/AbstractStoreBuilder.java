package dev.reactivekv.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;

/**
 * The options every store builder shares, written once: clock, sweep interval, watch buffer and
 * scheduler threads, each settable by method and by URI option ({@code sweepInterval},
 * {@code watchBuffer}, {@code threads}). A store's builder extends this with its own options.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class AbstractStoreBuilder<B extends AbstractStoreBuilder<B>> {

    private Clock clock = Clock.systemUTC();
    private Duration sweepInterval = StoreOptions.DEFAULT_SWEEP_INTERVAL;
    private int watchBuffer = WatchHub.DEFAULT_BUFFER;
    private int threads = StoreOptions.defaults().threads();

    protected AbstractStoreBuilder() {
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    /** The clock of created and expiry stamps and of expiry on read (inject one to test TTLs without waiting). Default: system UTC. */
    public B clock(Clock storeClock) {
        this.clock = Objects.requireNonNull(storeClock, "clock");
        return self();
    }

    /** How often expired entries are removed and announced as EXPIRE, where the store sweeps; reads never see them either way. Default 100 ms. */
    public B sweepInterval(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("sweepInterval must be positive, got " + interval);
        }
        this.sweepInterval = interval;
        return self();
    }

    /** Events a watcher may have pending before it receives RESYNC instead. Default {@value WatchHub#DEFAULT_BUFFER}. */
    public B watchBuffer(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("watchBuffer must be positive, got " + events);
        }
        this.watchBuffer = events;
        return self();
    }

    /** Threads of the bounded scheduler a blocking backend runs on (unused by non-blocking drivers). Default: the core count, at least 2. */
    public B threads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + count);
        }
        this.threads = count;
        return self();
    }

    /**
     * Applies the shared options a URI carries ({@code sweepInterval}, {@code watchBuffer}, {@code threads}).
     * Providers call this, read their own options, then {@link StoreUri#checkAllOptionsRead()}.
     */
    public B options(StoreUri uri) {
        sweepInterval(uri.durationOption("sweepInterval", sweepInterval));
        watchBuffer(uri.intOption("watchBuffer", watchBuffer));
        threads(uri.intOption("threads", threads));
        return self();
    }

    /**
     * Applies a whole URI: {@link #options(StoreUri)}, then {@link StoreUri#checkAllOptionsRead()}, so an
     * option the store does not know fails with a {@link dev.reactivekv.error.StoreSetupException} naming it.
     * A provider's {@code open} is {@code MyStore.builder().fromUri(StoreUri.parse(uri)).build()}.
     */
    public final B fromUri(StoreUri uri) {
        options(uri);
        uri.checkAllOptionsRead();
        return self();
    }

    /** What was configured. */
    protected final StoreOptions storeOptions() {
        return new StoreOptions(clock, sweepInterval, watchBuffer, threads);
    }

    /** Opens the store. May block (connecting, opening files): call it at start-up, not on a reactive thread. */
    public abstract KeyValueStore build();
}
