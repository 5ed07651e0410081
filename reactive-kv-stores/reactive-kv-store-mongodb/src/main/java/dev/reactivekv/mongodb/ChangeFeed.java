package dev.reactivekv.mongodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoNamespace;
import com.mongodb.MongoServerException;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.reactivestreams.client.ChangeStreamPublisher;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.spi.WatchHub;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One change stream on one MongoDB collection, shared by every watcher of its KV collection, feeding
 * the store's {@link WatchHub}.
 *
 * <p><b>Start.</b> The stream starts at the server's clock ({@code isMaster.localTime}) cut to the second,
 * fixed before the first watcher's RESYNC, so no change made after that RESYNC can be missed; changes
 * from up to a second before it may be seen too (harmless: "re-read" already covers them).
 *
 * <p><b>Resume.</b> Each change's resume token is kept. When the stream fails (server gone, failover),
 * it reopens after a growing back-off with {@code startAfter} that token: no change is lost and no
 * RESYNC is needed. When the server refuses the token (history lost, invalid token, any server error
 * on resuming) or there is no token yet, the stream restarts from the server's clock and every watcher
 * receives RESYNC. A drop, rename or invalidate of the collection is a RESYNC too.
 */
final class ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int BATCH = 1_000;

    final String collection;
    private final String physical;
    private final MongoDatabase database;
    private final WatchHub hub;
    private final Clock clock;
    private final Duration maxAwait;
    private final FeedState state;
    private final Mono<Void> live;
    /** Watchers holding this feed; guarded by {@link ChangeFeeds}' map. */
    int holders;

    private @Nullable BsonDocument token;
    private boolean invalidated;
    private int failures;
    private boolean stopped;
    private @Nullable Disposable stream;
    private @Nullable Disposable retry;
    private final Disposable sweeper;

    ChangeFeed(String collection, String physical, MongoDatabase database, WatchHub hub, Clock clock,
               Duration sweepInterval, Duration maxAwait) {
        this.collection = collection;
        this.physical = physical;
        this.database = database;
        this.hub = hub;
        this.clock = clock;
        this.maxAwait = maxAwait;
        this.state = new FeedState(collection);
        this.live = serverStart().doOnNext(this::openAt).then().cache();
        this.sweeper = Flux.interval(sweepInterval, sweepInterval, Schedulers.parallel()).subscribe(t -> sweep());
    }

    /** Completes once the stream's start is fixed: a watcher subscribing to the hub after it misses nothing. */
    Mono<Void> live() {
        return live;
    }

    synchronized void stop() {
        stopped = true;
        dispose(stream);
        dispose(retry);
        sweeper.dispose();
    }

    // ---- opening -----------------------------------------------------------------------------------

    /**
     * The start of the server's current second. Change times are the server's (never ours), and every
     * write the primary makes after answering gets an operation time at or after its wall clock then.
     */
    private Mono<BsonTimestamp> serverStart() {
        return Mono.from(database.runCommand(new Document("isMaster", 1)))
                .map(reply -> {
                    Object t = reply.get("localTime");
                    long millis = t instanceof java.util.Date d ? d.getTime() : System.currentTimeMillis();
                    return new BsonTimestamp((int) (millis / 1000), 0);
                });
    }

    private synchronized void openAt(BsonTimestamp start) {
        open(publisher().startAtOperationTime(start));
    }

    private synchronized void openAfter(BsonDocument resumeToken) {
        // startAfter, unlike resumeAfter, also continues after an invalidate (drop, rename)
        open(publisher().startAfter(resumeToken));
    }

    private ChangeStreamPublisher<BsonDocument> publisher() {
        return database.getCollection(physical, BsonDocument.class).watch(BsonDocument.class)
                .fullDocument(FullDocument.UPDATE_LOOKUP)
                .maxAwaitTime(maxAwait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .batchSize(BATCH);
    }

    private void open(ChangeStreamPublisher<BsonDocument> publisher) {
        if (stopped) {
            return;
        }
        invalidated = false;
        stream = Flux.from(publisher).subscribe(this::onChange, this::onError, this::onEnd);
    }

    // ---- events ------------------------------------------------------------------------------------

    private void onChange(ChangeStreamDocument<BsonDocument> change) {
        List<KeyEvent> events = new ArrayList<>(1);
        synchronized (this) {
            if (stopped) {
                return;
            }
            failures = 0;
            token = change.getResumeToken();
            translate(change, events);
            events.forEach(hub::enqueue);
        }
        if (!events.isEmpty()) {
            hub.drain(collection);
        }
    }

    private void translate(ChangeStreamDocument<BsonDocument> change, List<KeyEvent> out) {
        String type = change.getOperationTypeString();
        switch (type == null ? "" : type) {
            case "insert", "update", "replace" -> {
                BsonDocument full = change.getFullDocument();
                BsonValue id = change.getDocumentKey() == null ? null : change.getDocumentKey().get(EntryDocuments.ID);
                String key = null;
                if (full != null && full.get(EntryDocuments.KEY) instanceof org.bson.BsonString s) {
                    key = s.getValue();
                    id = full.get(EntryDocuments.ID, id);
                } else if (id != null) {
                    key = state.keyOf(id);
                }
                if (key == null) {
                    out.add(KeyEvent.resync(collection));
                } else {
                    state.written(key, id, expiresAt(full), out::add);
                }
            }
            case "delete" -> {
                BsonValue id = change.getDocumentKey() == null ? null : change.getDocumentKey().get(EntryDocuments.ID);
                String key = id == null ? null : state.keyOf(id);
                if (key == null) {
                    out.add(KeyEvent.resync(collection));
                } else {
                    state.deleted(key, clock.instant(), out::add);
                }
            }
            case "drop", "rename", "dropDatabase" -> {
                MongoNamespace ns = change.getNamespace();
                // MongoDB names the dropped collection; an unnamed drop (mongo-java-server reports every
                // collection's drop to every stream of the database) says nothing about this one
                if (ns != null && (physical.equals(ns.getCollectionName()) || "dropDatabase".equals(type))) {
                    out.add(KeyEvent.resync(collection));
                }
            }
            case "invalidate" -> {
                invalidated = true;
                out.add(KeyEvent.resync(collection));
            }
            default -> {
                // index and collection-option events: nothing changed in the data
            }
        }
    }

    private static @Nullable Instant expiresAt(@Nullable BsonDocument full) {
        BsonValue v = full == null ? null : full.get(EntryDocuments.EXPIRES_AT);
        return v != null && v.isDateTime() ? Instant.ofEpochMilli(v.asDateTime().getValue()) : null;
    }

    private void sweep() {
        List<KeyEvent> events = new ArrayList<>(0);
        synchronized (this) {
            if (stopped) {
                return;
            }
            state.sweep(clock.instant(), events::add);
            events.forEach(hub::enqueue);
        }
        if (!events.isEmpty()) {
            hub.drain(collection);
        }
    }

    // ---- failures ----------------------------------------------------------------------------------

    /** The server closed the stream: after an invalidate the stream continues after it; otherwise as a failure. */
    private void onEnd() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (invalidated && token != null) {
                openAfter(token);
                return;
            }
        }
        onError(new IllegalStateException("the server closed the change stream on " + physical));
    }

    private void onError(Throwable error) {
        boolean resync;
        Duration delay;
        synchronized (this) {
            if (stopped) {
                return;
            }
            // a server that answers but refuses the position cannot resume it: start afresh and resync
            resync = token == null || (error instanceof MongoServerException && failures > 0)
                    || error instanceof MongoServerException se && ResumeErrors.isHistoryLost(se);
            if (resync) {
                token = null;
            }
            delay = backoff(failures++);
            LOG.debug("Change stream on {} failed ({}); reopening in {} {}", physical, error.toString(), delay,
                    resync ? "from the server's clock, with RESYNC" : "from its resume token");
        }
        if (resync) {
            hub.enqueue(KeyEvent.resync(collection));
            hub.drain(collection);
        }
        Disposable next = Mono.delay(delay, Schedulers.parallel())
                .then(Mono.defer(() -> {
                    BsonDocument resumeFrom;
                    synchronized (this) {
                        resumeFrom = token;
                    }
                    if (resumeFrom != null) {
                        openAfter(resumeFrom);
                        return Mono.<BsonTimestamp>empty();
                    }
                    return serverStart().doOnNext(this::openAt);
                }))
                .subscribe(t -> { }, this::onError);
        synchronized (this) {
            dispose(retry);
            retry = next;
            if (stopped) {
                next.dispose();
            }
        }
    }

    private static Duration backoff(int failures) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(failures, 6);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static void dispose(@Nullable Disposable d) {
        if (d != null) {
            d.dispose();
        }
    }
}
