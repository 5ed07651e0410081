package dev.reactivekv.mongodb;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.WatchHub;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The store's watches: one {@link ChangeFeed} per watched collection, opened by its first watcher and
 * closed with its last, fanned out through a {@link WatchHub} whose per-watcher buffer overflows into
 * RESYNC instead of growing or slowing the stream.
 */
final class ChangeFeeds {

    /** Events handed from the driver's threads to a worker, so watcher code never runs on (or stalls) them. */
    private static final int HANDOVER = 256;

    private final MongoDatabase database;
    private final StoreOptions options;
    private final Duration maxAwait;
    private final WatchHub hub;
    private final ConcurrentHashMap<String, ChangeFeed> feeds = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ChangeFeeds(MongoDatabase database, StoreOptions options, Duration maxAwait) {
        this.database = database;
        this.options = options;
        this.maxAwait = maxAwait;
        this.hub = new WatchHub(options.watchBuffer());
    }

    /**
     * RESYNC once the collection's change stream has a fixed start, then its changes that match the
     * filter; completes when the store closes. Signals arrive on a {@code boundedElastic} worker.
     */
    Flux<KeyEvent> watch(String collection, String physical, KeyFilter filter) {
        return Flux.defer(() -> {
            if (closed) {
                return Flux.<KeyEvent>empty();
            }
            ChangeFeed feed = feeds.compute(collection, (c, existing) -> {
                ChangeFeed f = existing != null ? existing : new ChangeFeed(c, physical, database, hub, options.clock(),
                        options.sweepInterval(), maxAwait);
                f.holders++;
                return f;
            });
            return feed.live().thenMany(hub.subscribe(collection, filter)).doFinally(s -> release(feed));
        }).publishOn(Schedulers.boundedElastic(), HANDOVER);
    }

    private void release(ChangeFeed feed) {
        feeds.computeIfPresent(feed.collection, (c, f) -> {
            if (f != feed) {
                return f;
            }
            if (--f.holders > 0) {
                return f;
            }
            f.stop();
            return null;
        });
    }

    void close() {
        closed = true;
        feeds.values().forEach(ChangeFeed::stop);
        feeds.clear();
        hub.close();
    }
}
