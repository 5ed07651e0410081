package dev.reactivekv.mcp;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.mcp.internal.transport.LatencyProbe;
import dev.reactivekv.mcp.internal.transport.PreparedMessage;
import dev.reactivekv.mcp.internal.transport.SessionStore;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Resource subscriptions: one store watch ({@code watch(collection, KeyFilter.key(key))}) per subscribed URI,
 * shared by the sessions that subscribed to it and disposed with the last of them.
 *
 * <ul>
 *   <li>{@code PUT}, {@code DELETE}, {@code EXPIRE} of a watched key mark the URI updated for its subscribers
 *       only; a later {@code RESYNC} (events may have been lost) does the same, since subscribers must re-read.
 *       The {@code RESYNC} every watch starts with is not a change and sends nothing.</li>
 *   <li>A creation (first {@code PUT} while the key was absent), a deletion or an expiry also marks
 *       {@code list_changed} for every live session; so do creations and deletions made by the bridge's tools,
 *       and those of any key of a collection in which some URI is subscribed (one extra collection watch
 *       each, see {@link CollectionWatch}).</li>
 *   <li>Subscribing to a key that does not exist yet is allowed: its creation is notified.</li>
 *   <li>{@code resources/subscribe} is answered once the URI's watch (and its collection's) is live, i.e. has
 *       delivered its first {@code RESYNC}: a store's watch starts asynchronously (Redis: a pub/sub connection and a
 *       {@code PSUBSCRIBE}), and a write made between an early answer and that moment was never notified.</li>
 *   <li>URIs of other schemes are acknowledged and never notified (this server has no such resources).</li>
 * </ul>
 * Notifications go through each session's {@link SessionNotifier} (conflated, bounded, never blocking); the JSON of a
 * URI's {@code resources/updated} is made once per watch and shared by all its sessions.
 */
final class SubscriptionHub {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionHub.class);

    private final KeyValueStore store;
    private final BridgeOptions options;
    private final SessionNotifier.Sender sender;
    private final McpJsonMapper mapper;
    private final PreparedMessage listChangedMessage;
    private final Duration sendTimeout;
    private final Supplier<Collection<String>> liveSessions;
    private final SessionStore sessionStore;
    private final ConcurrentHashMap<String, SessionNotifier> notifiers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> bySession = new ConcurrentHashMap<>();
    private final Map<String, UriWatch> watches = new ConcurrentHashMap<>();
    /** Fails the sends that were not taken within their timeout (see {@link SessionNotifier#expire}). */
    private final Disposable expiry;

    /** How often in-flight notifications are checked for their timeout (seconds or more). */
    static final Duration EXPIRY_SWEEP = Duration.ofSeconds(1);

    /**
     * The watch of a whole collection in which at least one URI is subscribed: it turns creations and deletions of
     * the collection's other keys into {@code list_changed}. A store's PUT event does not say whether the key is
     * new, so a PUT counts as a creation unless this watch saw the key being written before (an LRU of
     * {@link #KNOWN_KEYS} keys): the first write of an existing key after the watch started may give a
     * spurious {@code list_changed}, never a missing one.
     */
    private static final class CollectionWatch {
        volatile Disposable subscription;
        final Sinks.Empty<Void> ready = Sinks.empty(); // its first event (the RESYNC of a live watch) arrived
        int uris; // guarded by the hub
        boolean started; // guarded by known: the watch's first RESYNC only marks its start
        final Map<String, Boolean> known = new java.util.LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > KNOWN_KEYS;
            }
        };
    }

    static final int KNOWN_KEYS = 10_000;
    private final Map<String, CollectionWatch> collectionWatches = new ConcurrentHashMap<>();

    /** The watch of one URI and its subscribers. */
    private static final class UriWatch {
        final KvUri uri;
        final PreparedMessage updated;
        final Sinks.Empty<Void> ready = Sinks.empty(); // its first event (the RESYNC of a live watch) arrived
        volatile CollectionWatch collection;
        final Set<String> sessions = ConcurrentHashMap.newKeySet();
        volatile Disposable subscription;
        volatile Boolean exists;
        volatile boolean started; // the watch's first RESYNC only marks its start: nothing changed

        UriWatch(KvUri uri, PreparedMessage updated) {
            this.uri = uri;
            this.updated = updated;
        }

        /** Completes when this watch and its collection's are live. */
        Mono<Void> live() {
            CollectionWatch c = collection;
            return c == null ? ready.asMono() : Mono.when(ready.asMono(), c.ready.asMono());
        }
    }

    /** How long {@code resources/subscribe} waits for a new store watch to be live before it fails. */
    static final Duration WATCH_START = Duration.ofSeconds(60); // as long as a request waits for a store still opening

    SubscriptionHub(KeyValueStore store, BridgeOptions options, SessionNotifier.Sender sender, McpJsonMapper mapper,
                    Duration sendTimeout, Supplier<Collection<String>> liveSessions, SessionStore sessionStore) {
        this.store = store;
        this.options = options;
        this.sender = sender;
        this.mapper = mapper;
        this.listChangedMessage = PreparedMessage.notification(mapper,
                McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED, Map.of());
        this.sendTimeout = sendTimeout;
        this.liveSessions = liveSessions;
        this.sessionStore = sessionStore;
        this.expiry = Flux.interval(EXPIRY_SWEEP, EXPIRY_SWEEP, Schedulers.parallel()).subscribe(tick -> {
            long now = System.nanoTime();
            notifiers.values().forEach(n -> n.expire(now));
        });
    }

    boolean canWatch() {
        return store.capabilities().contains(Capability.WATCH);
    }

    Mono<Object> subscribe(String sessionId, String uri) {
        return Mono.defer(() -> {
            if (!KvUri.isKvUri(uri)) {
                return Mono.just(Map.of());
            }
            KvUri kv = KvUri.parse(uri);
            if (kv == null) {
                return Mono.error(invalid(KvUri.malformed(uri)));
            }
            if (!options.allows(kv.collection())) {
                return Mono.error(invalid("Collection not exposed: " + kv.collection()));
            }
            if (!canWatch()) {
                return Mono.error(invalid("This store cannot watch changes"));
            }
            String canonical = kv.uri();
            Set<String> mine = bySession.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet());
            if (!mine.contains(canonical) && mine.size() >= options.maxSubscriptionsPerSession()) {
                return Mono.error(invalid("Too many subscriptions for this session (max "
                        + options.maxSubscriptionsPerSession() + ")"));
            }
            boolean added = mine.add(canonical);
            notifier(sessionId);
            UriWatch w = attach(kv, canonical, sessionId);
            // answered only once the watch is live: a write the client makes after this answer is then seen
            return live(w)
                    .then(store.exists(kv.collection(), kv.key()))
                    .doOnNext(e -> {
                        if (w.exists == null) {
                            w.exists = e;
                        }
                    })
                    .then(added ? saveSubscriptions(sessionId) : Mono.empty())
                    .thenReturn(Map.of());
        });
    }

    /**
     * Takes over a session from the session store: re-attaches its subscriptions and marks each of them updated,
     * since nobody watched its keys while no instance held it (the client re-reads; a spurious update at worst).
     */
    void sessionRestored(String sessionId, List<String> uris) {
        Set<String> mine = bySession.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet());
        List<Mono<Void>> live = new java.util.ArrayList<>();
        for (String uri : uris) {
            KvUri kv = KvUri.parse(uri);
            if (kv == null || !options.allows(kv.collection()) || !canWatch()
                    || mine.size() >= options.maxSubscriptionsPerSession()) {
                continue;
            }
            if (mine.add(kv.uri())) {
                live.add(live(attach(kv, kv.uri(), sessionId)).onErrorResume(e -> Mono.empty()));
            }
        }
        // marked once the watches are live: a write made before that is covered by the client's re-read, one made
        // after by the watch
        Flux.merge(live).then().subscribe(null, null, () -> {
            if (bySession.containsKey(sessionId)) {
                eventsLost(sessionId);
            }
        });
    }

    /** The watch is live (bounded by {@link #WATCH_START}); fails with -32603 when it failed or did not start. */
    private static Mono<Void> live(UriWatch w) {
        return w.live().timeout(WATCH_START, Mono.error(() -> McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                .message("The store's watch of " + w.uri.uri() + " did not start within " + WATCH_START).build()));
    }

    /** The session may have missed notifications: every subscribed URI is updated, and the list changed. */
    void eventsLost(String sessionId) {
        SessionNotifier n = notifier(sessionId);
        Set<String> mine = bySession.get(sessionId);
        if (mine != null) {
            mine.forEach(n::updated);
        }
        n.listChanged();
    }

    private Mono<Void> saveSubscriptions(String sessionId) {
        return Mono.defer(() -> {
            Set<String> mine = bySession.get(sessionId);
            List<String> uris = mine == null ? List.of() : List.copyOf(mine);
            return sessionStore.update(sessionId, r -> r.withSubscriptions(uris));
        });
    }

    Mono<Object> unsubscribe(String sessionId, String uri) {
        return Mono.defer(() -> {
            KvUri kv = KvUri.parse(uri);
            boolean removed = false;
            if (kv != null) {
                String canonical = kv.uri();
                Set<String> mine = bySession.get(sessionId);
                removed = mine != null && mine.remove(canonical);
                detach(canonical, sessionId);
            }
            return (removed ? saveSubscriptions(sessionId) : Mono.<Void>empty()).thenReturn(Map.of());
        });
    }

    /** Forgets everything about a session that ended. */
    void sessionClosed(String sessionId) {
        Set<String> mine = bySession.remove(sessionId);
        if (mine != null) {
            mine.forEach(uri -> detach(uri, sessionId));
        }
        SessionNotifier n = notifiers.remove(sessionId);
        if (n != null) {
            n.close();
        }
    }

    /** A session opened a stream for server messages: resume its stalled notifications. */
    void streamOpened(String sessionId) {
        SessionNotifier n = notifiers.get(sessionId);
        if (n != null) {
            n.resume();
        }
    }

    /** Marks {@code list_changed} for every live session. */
    void listChanged() {
        sessionStore.batch(() -> {
            for (String id : liveSessions.get()) {
                notifier(id).listChanged();
            }
        });
    }

    /** Number of store watches currently open (one per subscribed URI). */
    int watchCount() {
        return watches.size();
    }

    /** Per-session entries still held (subscription sets, notifiers) and collection watches; 0 when idle. */
    int sessionStateCount() {
        return bySession.size() + notifiers.size() + collectionWatches.size();
    }

    void closeAll() {
        expiry.dispose();
        watches.values().forEach(w -> {
            Disposable d = w.subscription;
            if (d != null) {
                d.dispose();
            }
        });
        watches.clear();
        collectionWatches.values().forEach(c -> {
            Disposable d = c.subscription;
            if (d != null) {
                d.dispose();
            }
        });
        collectionWatches.clear();
        notifiers.values().forEach(SessionNotifier::close);
        notifiers.clear();
        bySession.clear();
    }

    private SessionNotifier notifier(String sessionId) {
        return notifiers.computeIfAbsent(sessionId, id -> new SessionNotifier(id, sender, this::updatedMessage,
                listChangedMessage, sendTimeout));
    }

    /** The {@code resources/updated} of a URI: its watch's, serialised once, or made now for a URI no longer watched. */
    private PreparedMessage updatedMessage(String uri) {
        UriWatch w = watches.get(uri);
        return w != null ? w.updated : prepareUpdated(uri);
    }

    private PreparedMessage prepareUpdated(String uri) {
        return PreparedMessage.notification(mapper, McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED,
                new McpSchema.ResourcesUpdatedNotification(uri));
    }

    private synchronized UriWatch attach(KvUri kv, String canonical, String sessionId) {
        UriWatch w = watches.get(canonical);
        if (w == null) {
            UriWatch created = new UriWatch(kv, prepareUpdated(canonical));
            w = created;
            watches.put(canonical, created);
            created.subscription = store.watch(kv.collection(), KeyFilter.key(kv.key()))
                    .subscribe(e -> onEvent(created, canonical, e), e -> {
                        log.warn("watch of {} failed: {}", canonical, e.toString());
                        created.ready.tryEmitError(e);
                    });
            CollectionWatch c = collectionWatches.computeIfAbsent(kv.collection(), this::watchCollection);
            c.uris++;
            created.collection = c;
        }
        w.sessions.add(sessionId);
        return w;
    }

    private synchronized void detach(String canonical, String sessionId) {
        UriWatch w = watches.get(canonical);
        if (w == null) {
            return;
        }
        w.sessions.remove(sessionId);
        if (w.sessions.isEmpty()) {
            watches.remove(canonical);
            Disposable d = w.subscription;
            if (d != null) {
                d.dispose();
            }
            CollectionWatch c = collectionWatches.get(w.uri.collection());
            if (c != null && --c.uris <= 0) {
                collectionWatches.remove(w.uri.collection());
                Disposable cd = c.subscription;
                if (cd != null) {
                    cd.dispose();
                }
            }
        }
    }

    private CollectionWatch watchCollection(String collection) {
        CollectionWatch c = new CollectionWatch();
        c.subscription = store.watch(collection, KeyFilter.all())
                .subscribe(e -> onCollectionEvent(c, e), e -> {
                    log.warn("watch of collection {} failed: {}", collection, e.toString());
                    c.ready.tryEmitError(e);
                });
        return c;
    }

    private void onCollectionEvent(CollectionWatch c, KeyEvent event) {
        c.ready.tryEmitEmpty();
        String key = event.key();
        if (key != null && watches.containsKey(new KvUri(event.collection(), key).uri())) {
            return; // a subscribed key: its own watch knows exactly whether it was created
        }
        boolean listChanged;
        synchronized (c.known) {
            switch (event.type()) {
                case PUT -> listChanged = c.known.put(key, Boolean.TRUE) == null;
                case DELETE, EXPIRE -> {
                    c.known.remove(key);
                    listChanged = true;
                }
                default -> {
                    c.known.clear();
                    listChanged = c.started;
                }
            }
            c.started = true;
        }
        if (listChanged) {
            listChanged();
        }
    }

    private void onEvent(UriWatch w, String canonical, KeyEvent event) {
        w.ready.tryEmitEmpty();
        boolean listChanged;
        switch (event.type()) {
            case PUT -> {
                listChanged = !Boolean.TRUE.equals(w.exists);
                w.exists = true;
            }
            case DELETE, EXPIRE -> {
                listChanged = true;
                w.exists = false;
            }
            default -> {
                w.exists = null;
                if (!w.started) {
                    w.started = true;
                    return;
                }
                listChanged = true;
            }
        }
        w.started = true;
        LatencyProbe.changed(canonical);
        // the sessions' event-log writes for this change leave in one batch (see SessionStore#batch)
        sessionStore.batch(() -> {
            for (String sessionId : w.sessions) {
                notifier(sessionId).updated(canonical);
            }
            if (listChanged) {
                listChanged();
            }
        });
    }

    static McpError invalid(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(message).build();
    }
}
