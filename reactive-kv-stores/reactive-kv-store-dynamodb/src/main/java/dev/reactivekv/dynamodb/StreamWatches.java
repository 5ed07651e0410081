package dev.reactivekv.dynamodb;

import java.util.function.Supplier;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.WatchHub;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * The store's watches: one {@link StreamFeed} on the table's stream, read while at least one watcher is
 * subscribed, fanned out per collection through a {@link WatchHub} whose per-watcher buffer overflows into
 * RESYNC instead of growing.
 */
final class StreamWatches {

    /** Events handed from the SDK's threads to a worker, so watcher code never runs on (or stalls) them. */
    private static final int HANDOVER = 256;

    private final WatchHub hub;
    private final StreamFeed feed;
    private int holders;
    private boolean closed;

    StreamWatches(DynamoDbStreamsAsyncClient streams, Supplier<String> streamArn, StoreOptions options) {
        this.hub = new WatchHub(options.watchBuffer());
        this.feed = new StreamFeed(streams, streamArn, hub, options.clock(), options.sweepInterval());
    }

    /**
     * RESYNC once every open shard of the stream has its position, then the collection's changes that match
     * the filter; completes when the store closes. {@code ready} is the table's set-up, which finds the
     * stream. Signals arrive on a {@code boundedElastic} worker.
     */
    Flux<KeyEvent> watch(Mono<?> ready, String collection, KeyFilter filter) {
        return ready.thenMany(Flux.defer(() -> {
            Mono<Void> live;
            synchronized (this) {
                if (closed) {
                    return Flux.<KeyEvent>empty();
                }
                holders++;
                live = feed.live();
            }
            return live.thenMany(hub.subscribe(collection, filter)).doFinally(s -> release());
        })).publishOn(Schedulers.boundedElastic(), HANDOVER);
    }

    private synchronized void release() {
        if (--holders == 0) {
            feed.stop();
        }
    }

    synchronized void close() {
        closed = true;
        feed.stop();
        hub.close();
    }
}
