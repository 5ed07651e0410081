package dev.reactivekv.postgresql;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.WatchHub;
import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * One dedicated connection that {@code LISTEN}s on the table's channel and turns the trigger's
 * notifications into {@link KeyEvent}s on a {@link WatchHub}. Started by the first watch, kept
 * until close. When the connection is lost it reconnects with backoff; once listening again every
 * watcher receives RESYNC, because notifications sent while nobody listened are gone.
 */
final class ChangeListener {

    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);

    private final Mono<PostgresqlConnection> connect;
    private final String channel;
    private final WatchHub hub;
    private final Duration patience;
    private final AtomicBoolean started = new AtomicBoolean();
    /** true while LISTEN is in effect; replays the latest state to late subscribers. */
    private final Sinks.Many<Boolean> listening = Sinks.many().replay().latest();
    private volatile @Nullable Disposable loop;
    private volatile boolean closed;

    ChangeListener(Mono<PostgresqlConnection> connect, String channel, WatchHub hub, Duration patience) {
        this.connect = connect;
        this.channel = channel;
        this.hub = hub;
        this.patience = patience;
    }

    /**
     * Completes once LISTEN is in effect (at once when it already is), starting the listener on first
     * use; fails with {@link StoreUnavailableException} when that takes longer than the store's timeout.
     */
    Mono<Void> whenListening() {
        if (started.compareAndSet(false, true)) {
            loop = run();
        }
        return listening.asFlux().filter(Boolean::booleanValue).next()
                .timeout(patience, Mono.error(() -> new StoreUnavailableException(
                        "Could not LISTEN on PostgreSQL channel " + channel + " within " + patience)))
                .then();
    }

    private Disposable run() {
        return Flux.usingWhen(connect, this::listen, PostgresqlConnection::close)
                // the notification stream ends when the connection does: go round again
                .concatWith(Mono.error(() -> new StoreUnavailableException("LISTEN connection closed")))
                .doOnError(e -> {
                    listening.tryEmitNext(false);
                    if (!closed) {
                        log.debug("LISTEN connection on {} lost, reconnecting: {}", channel, e.toString());
                    }
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(2))
                        .filter(e -> !closed))
                .subscribe(n -> { }, e -> log.debug("LISTEN on {} stopped: {}", channel, e.toString()));
    }

    private Flux<Void> listen(PostgresqlConnection connection) {
        // subscribe to notifications before LISTEN, so none sent after LISTEN can be missed
        Flux<Void> events = connection.getNotifications().doOnNext(this::dispatch).thenMany(Flux.empty());
        Mono<Void> subscribeChannel = connection.createStatement("LISTEN " + channel).execute()
                .flatMap(PostgresqlResult::getRowsUpdated).then()
                .doOnSuccess(v -> {
                    // first tell existing watchers that what happened while nobody listened is unknown; watches
                    // waiting for LISTEN subscribe on the next line and get their own initial RESYNC
                    hub.resyncAll();
                    listening.tryEmitNext(true);
                });
        return Flux.merge(events, subscribeChannel);
    }

    private void dispatch(Notification n) {
        String payload = n.getParameter();
        if (payload == null) {
            return;
        }
        Map<String, Object> event;
        try {
            event = EntryCodec.decodeValue(payload);
        } catch (RuntimeException e) {
            log.debug("Ignoring a notification on {} that is not ours: {}", channel, payload);
            return;
        }
        Object op = event.get("op");
        Object c = event.get("c");
        Object k = event.get("k");
        if ("resync".equals(op)) {
            if (c instanceof String collection) {
                hub.publish(KeyEvent.resync(collection));
            } else {
                hub.resyncAll();
            }
            return;
        }
        if (!(c instanceof String collection) || !(k instanceof String key) || !hub.isWatched(collection)) {
            return;
        }
        if ("put".equals(op)) {
            hub.publish(KeyEvent.put(collection, key));
        } else if ("delete".equals(op)) {
            hub.publish(KeyEvent.delete(collection, key));
        } else if ("expire".equals(op)) {
            hub.publish(KeyEvent.expire(collection, key));
        }
    }

    void close() {
        closed = true;
        Disposable d = loop;
        if (d != null) {
            d.dispose();
        }
        listening.tryEmitNext(false);
    }
}
