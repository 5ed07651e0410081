package dev.reactivekv.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.CompoundKey;
import dev.reactivekv.spi.WatchHub;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Watch over Redis keyspace notifications. One pub/sub connection per store (per master in a
 * cluster) carries a pattern subscription per watched collection,
 * {@code __keyspace@<db>__:<collection>::*}, shared by all of that collection's watchers and
 * dropped with the last one. Events are fanned out through a {@link WatchHub}: bounded per
 * subscriber, RESYNC on overflow.
 *
 * <p>A watch's first event is RESYNC, delivered once the server confirmed the subscription. When
 * a pub/sub connection drops, Lettuce reconnects and re-subscribes; once the server confirms again,
 * every collection that was watched gets a RESYNC (events in between are lost, at most once).
 */
final class KeyspaceWatch implements Notifications.Listener, RedisConnectionStateListener {

    /** About 30 s of retries with backoff capped at 1 s. */
    private static final int RECHECK_ATTEMPTS = 35;

    private final Topology topology;
    private final WatchHub hub;
    private final boolean configure;
    private final String channelPrefix;
    private final String patternPrefix;
    private final Map<String, Sub> subs = new HashMap<>();
    private final Set<String> pendingResync = ConcurrentHashMap.newKeySet();
    private final AtomicReference<@Nullable Notifications> opened = new AtomicReference<>();
    private final Mono<Notifications> notifications;
    private final Mono<Void> settingsChecked;
    private volatile boolean closed;

    private static final class Sub {
        final Mono<Void> ready;
        int refs;

        Sub(Mono<Void> ready) {
            this.ready = ready;
        }
    }

    KeyspaceWatch(Topology topology, int bufferPerSubscriber, boolean configure) {
        this.topology = topology;
        this.hub = new WatchHub(bufferPerSubscriber);
        this.configure = configure;
        this.channelPrefix = "__keyspace@" + topology.database() + "__:";
        this.patternPrefix = channelPrefix;
        this.notifications = topology.openNotifications(this)
                .doOnNext(n -> {
                    opened.set(n);
                    if (closed) {
                        n.close();
                    }
                })
                .cache(n -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
        this.settingsChecked = Flux.defer(() -> Flux.fromIterable(topology.dataNodes()))
                .concatMap(this::checkSettings)
                .then()
                .cache(v -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
        topology.client().addListener(this);
    }

    Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return Flux.usingWhen(acquire(collection), c -> hub.subscribe(c, filter), this::release);
    }

    /** Ends every watch and closes the pub/sub connection; completes when that connection is closed. */
    CompletableFuture<Void> close() {
        closed = true;
        hub.close();
        topology.client().removeListener(this);
        Notifications n = opened.getAndSet(null);
        return n == null ? CompletableFuture.completedFuture(null) : n.close();
    }

    // ---- subscriptions ------------------------------------------------------------------------

    private Mono<String> acquire(String collection) {
        return settingsChecked.then(Mono.defer(() -> {
            Sub s;
            synchronized (subs) {
                s = subs.computeIfAbsent(collection, c -> new Sub(notifications
                        .flatMap(n -> n.psubscribe(pattern(c)))
                        .cache(v -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO)));
                s.refs++;
            }
            return s.ready.thenReturn(collection).doOnError(e -> release(collection).subscribe());
        }));
    }

    private Mono<Void> release(String collection) {
        return Mono.defer(() -> {
            synchronized (subs) {
                Sub s = subs.get(collection);
                if (s == null || --s.refs > 0) {
                    return Mono.empty();
                }
                subs.remove(collection);
            }
            Notifications n = opened.get();
            return n == null || closed ? Mono.<Void>empty() : n.punsubscribe(pattern(collection)).onErrorResume(e -> Mono.empty());
        });
    }

    private String pattern(String collection) {
        return patternPrefix + RedisKeys.pattern(collection, "");
    }

    // ---- notify-keyspace-events ------------------------------------------------------------------

    /** K (keyspace channel), g (del, rename), $ (set), x (expired); A covers g, $ and x. */
    static @Nullable String missingFlags(String current) {
        StringBuilder missing = new StringBuilder();
        if (current.indexOf('K') < 0) {
            missing.append('K');
        }
        if (current.indexOf('A') < 0) {
            for (char c : new char[] {'g', '$', 'x'}) {
                if (current.indexOf(c) < 0) {
                    missing.append(c);
                }
            }
        }
        return missing.length() == 0 ? null : missing.toString();
    }

    private Mono<Void> checkSettings(String node) {
        return topology.node(node).flatMap(cmds -> cmds.configGet("notify-keyspace-events")
                .map(m -> m.getOrDefault("notify-keyspace-events", ""))
                .flatMap(current -> {
                    String missing = missingFlags(current);
                    if (missing == null) {
                        return Mono.<Void>empty();
                    }
                    StoreSetupException needed = new StoreSetupException("Watch needs the Redis setting "
                            + "notify-keyspace-events to include K, g, $ and x (e.g. 'KEA'); it is '" + current
                            + "' and " + (configure ? "CONFIG SET was refused" : "changing it is disabled"));
                    if (!configure) {
                        return Mono.<Void>error(needed);
                    }
                    return cmds.configSet("notify-keyspace-events", current + missing)
                            .onErrorMap(e -> {
                                needed.addSuppressed(e);
                                return needed;
                            })
                            .then();
                }));
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    public void message(String pattern, String channel, String event) {
        if (!channel.startsWith(channelPrefix)) {
            return;
        }
        String compound = channel.substring(channelPrefix.length());
        String collection = CompoundKey.collectionOf(compound);
        if (collection == null) {
            return;
        }
        String key = CompoundKey.keyOf(collection, compound);
        KeyEvent.Type type = typeOf(event);
        if (type != null) {
            hub.publish(new KeyEvent(type, collection, key));
        }
    }

    /** Maps a keyspace event name; command events that do not change presence or value (expire, persist) map to null. */
    static KeyEvent.@Nullable Type typeOf(String event) {
        return switch (event) {
            case "set", "setrange", "append", "incrby", "incrbyfloat", "rename_to", "copy_to", "restore" -> KeyEvent.Type.PUT;
            case "del", "rename_from", "evicted", "move_from" -> KeyEvent.Type.DELETE;
            case "expired" -> KeyEvent.Type.EXPIRE;
            default -> null;
        };
    }

    /**
     * A re-confirmed subscription after a reconnect: the server may have restarted and lost a
     * {@code CONFIG SET}, so the settings are checked again before the RESYNC goes out.
     */
    @Override
    public void subscribed(String pattern) {
        if (!pattern.startsWith(patternPrefix) || pendingResync.isEmpty()) {
            return;
        }
        for (String c : pendingResync) {
            if (pattern.equals(pattern(c)) && pendingResync.remove(c)) {
                Flux.defer(() -> Flux.fromIterable(topology.dataNodes()))
                        .concatMap(this::checkSettings)
                        .then()
                        // the command connection may come back after the pub/sub one: retry for a while
                        .retryWhen(Retry.backoff(RECHECK_ATTEMPTS, Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(1))
                                .filter(e -> !closed))
                        .onErrorResume(e -> Mono.empty()) // a later watch reports it; this stream can only resync
                        .then(Mono.fromRunnable(() -> hub.publish(KeyEvent.resync(c))))
                        .subscribe();
            }
        }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (connection instanceof StatefulRedisPubSubConnection<?, ?>) {
            synchronized (subs) {
                pendingResync.addAll(subs.keySet());
            }
        }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
    }

    @Override
    public void onRedisExceptionCaught(RedisChannelHandler<?, ?> connection, Throwable cause) {
    }
}
