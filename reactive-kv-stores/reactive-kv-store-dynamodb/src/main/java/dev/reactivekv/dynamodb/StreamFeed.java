package dev.reactivekv.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.spi.WatchHub;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * The table's DynamoDB Stream, read for the store's watchers: one reader per open shard, started when the
 * first watcher subscribes and stopped with the last, feeding the store's {@link WatchHub} through
 * {@link StreamRecords}.
 *
 * <ul>
 *   <li><b>Start.</b> Every shard open at the start is read from {@code LATEST}; the watchers' RESYNC comes
 *       once every such shard has its iterator, so no change made after it can be missed.</li>
 *   <li><b>Shards.</b> Every {@link #DISCOVERY} the stream is described again; a shard not seen before is
 *       read from {@code TRIM_HORIZON} once its parent has been read to its end (DynamoDB's order per key),
 *       so splits and the daily rotation of shards lose nothing.</li>
 *   <li><b>Polling.</b> An empty page waits {@link #IDLE} before the next {@code GetRecords}; a full one
 *       asks again at once.</li>
 *   <li><b>Failures.</b> An expired iterator or trimmed data ({@link ExpiredIteratorException},
 *       {@link TrimmedDataAccessException}) means changes may have been missed: every watcher gets RESYNC and
 *       reading restarts from {@code LATEST}. Other errors (network, throttling) retry the same iterator with
 *       a growing back-off.</li>
 * </ul>
 * SDK calls complete on the SDK's threads; state is guarded by this object's lock and the hub is drained
 * outside it.
 */
final class StreamFeed {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFeed.class);
    static final Duration IDLE = Duration.ofMillis(250);
    static final Duration DISCOVERY = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int PAGE = 1000;

    private final DynamoDbStreamsAsyncClient streams;
    private final Supplier<String> streamArn;
    private final WatchHub hub;
    private final StreamRecords records;
    private final Duration sweepInterval;
    private final Clock clock;

    /** Shards known to this feed: read, being read, or there before the start (not read). */
    private final Set<String> known = new HashSet<>();
    /** Shards read to their end. */
    private final Set<String> finished = new HashSet<>();
    private final List<Disposable> running = new ArrayList<>();
    private int generation;
    private boolean stopped = true;
    private @Nullable Mono<Void> live;

    StreamFeed(DynamoDbStreamsAsyncClient streams, Supplier<String> streamArn, WatchHub hub, Clock clock,
               Duration sweepInterval) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.hub = hub;
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.records = new StreamRecords(clock);
    }

    /** Starts reading if it is not, and completes once a watcher subscribing to the hub misses nothing. */
    synchronized Mono<Void> live() {
        if (stopped) {
            stopped = false;
            int gen = ++generation;
            live = start(gen).cache();
            running.add(Flux.interval(sweepInterval, sweepInterval, Schedulers.parallel()).subscribe(t -> sweep()));
            running.add(Flux.interval(DISCOVERY, DISCOVERY, Schedulers.parallel())
                    .concatMap(t -> discover(gen).onErrorResume(e -> Mono.empty()))
                    .subscribe());
        }
        return live;
    }

    synchronized void stop() {
        stopped = true;
        generation++;
        running.forEach(Disposable::dispose);
        running.clear();
        known.clear();
        finished.clear();
        records.clear();
    }

    private Mono<Void> start(int gen) {
        return shards().collectList().flatMap(all -> {
            List<Shard> open = new ArrayList<>();
            synchronized (this) {
                for (Shard s : all) {
                    known.add(s.shardId());
                    if (s.sequenceNumberRange() == null || s.sequenceNumberRange().endingSequenceNumber() == null) {
                        open.add(s);
                    }
                }
            }
            return Flux.fromIterable(open)
                    .flatMap(s -> iterator(s.shardId(), ShardIteratorType.LATEST).doOnNext(it -> read(gen, s.shardId(), it, 0)))
                    .then();
        });
    }

    private Flux<Shard> shards() {
        return Flux.defer(() -> page(null)).expand(p -> p.next() == null ? Mono.empty() : page(p.next()))
                .flatMapIterable(ShardPage::shards);
    }

    private record ShardPage(List<Shard> shards, @Nullable String next) {
    }

    private Mono<ShardPage> page(@Nullable String after) {
        return Mono.fromFuture(() -> streams.describeStream(b -> b.streamArn(streamArn.get()).exclusiveStartShardId(after)))
                .map(r -> new ShardPage(r.streamDescription().shards(), r.streamDescription().lastEvaluatedShardId()));
    }

    private Mono<String> iterator(String shardId, ShardIteratorType type) {
        return Mono.fromFuture(() -> streams.getShardIterator(b -> b.streamArn(streamArn.get()).shardId(shardId).shardIteratorType(type)))
                .mapNotNull(r -> r.shardIterator());
    }

    /** Starts every shard not seen before whose parent is read to its end (or was never ours to read). */
    private Mono<Void> discover(int gen) {
        return shards().collectList().flatMapMany(all -> {
            List<String> start = new ArrayList<>();
            synchronized (this) {
                if (gen != generation) {
                    return Flux.empty();
                }
                Set<String> listed = new HashSet<>();
                all.forEach(s -> listed.add(s.shardId()));
                for (Shard s : all) {
                    String parent = s.parentShardId();
                    boolean parentDone = parent == null || finished.contains(parent) || !listed.contains(parent) && !known.contains(parent);
                    if (!known.contains(s.shardId()) && parentDone) {
                        known.add(s.shardId());
                        start.add(s.shardId());
                    }
                }
            }
            return Flux.fromIterable(start);
        }).flatMap(id -> iterator(id, ShardIteratorType.TRIM_HORIZON).doOnNext(it -> read(gen, id, it, 0))).then();
    }

    private void read(int gen, String shardId, String iterator, int failures) {
        Disposable d = Mono.fromFuture(() -> streams.getRecords(b -> b.shardIterator(iterator).limit(PAGE)))
                .subscribe(page -> onPage(gen, shardId, page), e -> onError(gen, shardId, iterator, failures, e));
        synchronized (this) {
            if (gen != generation) {
                d.dispose();
            }
        }
    }

    private void onPage(int gen, String shardId, GetRecordsResponse page) {
        Set<String> touched = new HashSet<>();
        synchronized (this) {
            if (gen != generation) {
                return;
            }
            for (var r : page.records()) {
                records.translate(r, hub::isWatched, e -> {
                    hub.enqueue(e);
                    touched.add(e.collection());
                });
            }
            if (page.nextShardIterator() == null) {
                finished.add(shardId);
            }
        }
        touched.forEach(hub::drain);
        String next = page.nextShardIterator();
        if (next == null) {
            return;
        }
        Duration wait = page.records().isEmpty() ? IDLE : Duration.ZERO;
        schedule(gen, wait, () -> read(gen, shardId, next, 0));
    }

    private void onError(int gen, String shardId, String iterator, int failures, Throwable e) {
        synchronized (this) {
            if (gen != generation) {
                return;
            }
        }
        if (e instanceof ExpiredIteratorException || e instanceof TrimmedDataAccessException) {
            LOG.info("DynamoDB stream position lost on shard {} ({}); watchers get RESYNC", shardId, e.toString());
            restart();
            return;
        }
        Duration delay = Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), IDLE.toMillis() << Math.min(failures, 5)));
        LOG.debug("GetRecords on shard {} failed ({}); retrying in {}", shardId, e.toString(), delay);
        schedule(gen, delay, () -> read(gen, shardId, iterator, failures + 1));
    }

    /** Changes may have been missed: read again from the stream's end, then RESYNC everyone. */
    private void restart() {
        stop();
        live().then(Mono.fromRunnable(hub::resyncAll))
                .subscribe(v -> { }, e -> {
                    LOG.warn("Restarting the DynamoDB stream failed; watchers get RESYNC: {}", e.toString());
                    hub.resyncAll();
                });
    }

    private void schedule(int gen, Duration delay, Runnable task) {
        Disposable d = Schedulers.parallel().schedule(task, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        synchronized (this) {
            if (gen != generation) {
                d.dispose();
            }
        }
    }

    private void sweep() {
        Set<String> touched = new HashSet<>();
        synchronized (this) {
            records.sweep(clock.instant(), e -> {
                hub.enqueue(e);
                touched.add(e.collection());
            });
        }
        touched.forEach(hub::drain);
    }
}
