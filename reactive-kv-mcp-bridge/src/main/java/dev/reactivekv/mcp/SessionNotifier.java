package dev.reactivekv.mcp;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The outgoing resource notifications of one session, conflated: a URI that changes again before its
 * {@code notifications/resources/updated} went out is sent once, and any number of list changes collapse
 * into one {@code notifications/resources/list_changed}. At most one notification per session is in flight;
 * the next leaves when the transport took the previous one (or it failed or timed out). The pending set holds
 * each subscribed URI at most once, so memory per session is bounded by its subscriptions; marking is O(1)
 * and never waits, so a slow or dead client never slows the store's watch or other sessions.
 */
final class SessionNotifier {

    private static final Logger log = LoggerFactory.getLogger(SessionNotifier.class);

    /** Sends one notification to one session. */
    interface Sender {
        Mono<Void> send(String sessionId, String method, Object params);
    }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final String sessionId;
    private final Sender sender;
    private final Scheduler scheduler;
    private final Duration timeout;

    // guarded by this
    private final LinkedHashSet<String> pendingUris = new LinkedHashSet<>();
    private boolean pendingListChanged;
    private boolean inFlight;
    private boolean stalled;
    private boolean closed;

    SessionNotifier(String sessionId, Sender sender, Scheduler scheduler, Duration timeout) {
        this.sessionId = sessionId;
        this.sender = sender;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    void updated(String uri) {
        synchronized (this) {
            if (closed) {
                return;
            }
            pendingUris.add(uri);
        }
        drain();
    }

    void listChanged() {
        synchronized (this) {
            if (closed) {
                return;
            }
            pendingListChanged = true;
        }
        drain();
    }

    /**
     * The session has a (new) stream for server messages: retry what could not be sent. A failed or timed-out
     * send keeps its notification pending and stalls the session until this is called (HTTP: the client
     * opened its GET stream) or {@code retryAfter} passed.
     */
    void resume() {
        synchronized (this) {
            stalled = false;
        }
        drain();
    }

    /** Drops what is pending; later marks are ignored. */
    synchronized void close() {
        closed = true;
        pendingUris.clear();
        pendingListChanged = false;
    }

    /** Notifications waiting to be sent (for tests and metrics). */
    synchronized int pending() {
        return pendingUris.size() + (pendingListChanged ? 1 : 0);
    }

    private void drain() {
        String method;
        Object params;
        synchronized (this) {
            if (inFlight || closed || stalled) {
                return;
            }
            if (!pendingUris.isEmpty()) {
                Iterator<String> it = pendingUris.iterator();
                String uri = it.next();
                it.remove();
                method = McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED;
                params = new McpSchema.ResourcesUpdatedNotification(uri);
            } else if (pendingListChanged) {
                pendingListChanged = false;
                method = McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED;
                params = Map.of();
            } else {
                return;
            }
            inFlight = true;
        }
        Mono.defer(() -> sender.send(sessionId, method, params))
                .subscribeOn(scheduler)
                .timeout(timeout)
                .subscribe(null, e -> failed(method, params, e), this::done);
    }

    private void done() {
        synchronized (this) {
            inFlight = false;
        }
        drain();
    }

    private void failed(String method, Object params, Throwable e) {
        log.debug("{} to session {} failed, kept pending: {}", method, sessionId, e.toString());
        synchronized (this) {
            inFlight = false;
            if (closed) {
                return;
            }
            if (params instanceof McpSchema.ResourcesUpdatedNotification u) {
                pendingUris.add(u.uri());
            } else {
                pendingListChanged = true;
            }
            stalled = true;
        }
        Mono.delay(RETRY_AFTER, scheduler).subscribe(t -> resume());
    }
}
