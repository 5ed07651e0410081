package dev.reactivekv.redis;

import java.util.concurrent.CompletableFuture;

import reactor.core.publisher.Mono;

/** A dedicated pub/sub connection (or, in a cluster, one per master) for keyspace notifications. */
interface Notifications {

    /** Receives raw pub/sub traffic on Lettuce's I/O threads; must not block. */
    interface Listener {
        /** A keyspace message: {@code channel} is {@code __keyspace@<db>__:<key>}, {@code event} the command family. */
        void message(String pattern, String channel, String event);

        /** A pattern subscription was (re-)confirmed by a server, e.g. after a reconnect. */
        void subscribed(String pattern);
    }

    /** Completes once every data node confirmed the subscription. */
    Mono<Void> psubscribe(String pattern);

    Mono<Void> punsubscribe(String pattern);

    /** Closes the pub/sub connection(s); completes when they are closed. */
    CompletableFuture<Void> close();
}
