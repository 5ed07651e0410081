package dev.reactivekv.mcp;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.reactivekv.mcp.internal.transport.PreparedMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The outgoing resource notifications of one session, conflated: a URI that changes again before its
 * {@code notifications/resources/updated} went out is sent once, and any number of list changes collapse
 * into one {@code notifications/resources/list_changed}. At most one notification per session is in flight;
 * the next leaves when the transport took the previous one (or it failed, or timed out: see {@link #expire}). The pending set holds
 * each subscribed URI at most once, so memory per session is bounded by its subscriptions; marking is O(1)
 * and never waits, so a slow or dead client never slows the store's watch or other sessions. Sending does not
 * hop threads: a change reaches all its sessions' streams from the thread that delivered the watch event.
 */
final class SessionNotifier {

    private static final Logger log = LoggerFactory.getLogger(SessionNotifier.class);

    /**
     * Sends one notification to one session. The returned {@code Mono} completes when the session's stream took it
     * and fails when it could not (no stream open: it stays pending). Subscribing to it must not block: the
     * HTTP transport's path is non-blocking, the stdio one hops to a scheduler of its own.
     */
    interface Sender {
        Mono<Void> send(String sessionId, PreparedMessage message);
    }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final String sessionId;
    private final Sender sender;
    private final Function<String, PreparedMessage> updatedMessage;
    private final PreparedMessage listChangedMessage;
    private final Duration timeout;

    // guarded by this
    private final LinkedHashSet<String> pendingUris = new LinkedHashSet<>();
    private boolean pendingListChanged;
    private boolean inFlight;
    private boolean stalled;
    private boolean closed;
    /** The send in flight: its number (a late signal of an earlier one is ignored), start, URI (null: list change). */
    private long sendNumber;
    private long sentAt;
    private @Nullable String inFlightUri;
    private @Nullable Disposable inFlightSend;
    /** The send in flight is still being subscribed to: it completes on this very thread if it completes now. */
    private boolean subscribing;

    /**
     * @param updatedMessage     the prepared {@code resources/updated} of a URI (serialised once per URI, shared by
     *                           every session)
     * @param listChangedMessage the prepared {@code list_changed}
     */
    SessionNotifier(String sessionId, Sender sender, Function<String, PreparedMessage> updatedMessage,
                    PreparedMessage listChangedMessage, Duration timeout) {
        this.sessionId = sessionId;
        this.sender = sender;
        this.updatedMessage = updatedMessage;
        this.listChangedMessage = listChangedMessage;
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

    /**
     * Fails the send in flight if it started more than {@code timeout} ago (it stays pending, as for any failed send).
     * Called periodically by the hub: one sweep over the sessions instead of a timer armed and cancelled per send.
     */
    void expire(long nowNanos) {
        Disposable send;
        String uri;
        long number;
        synchronized (this) {
            if (!inFlight || nowNanos - sentAt < timeout.toNanos()) {
                return;
            }
            number = sendNumber;
            uri = inFlightUri;
            send = inFlightSend;
        }
        if (send != null) {
            send.dispose();
        }
        failed(number, uri, new TimeoutException("notification not taken within " + timeout));
    }

    private void drain() {
        String uri;
        long number;
        synchronized (this) {
            if (inFlight || closed || stalled) {
                return;
            }
            if (!pendingUris.isEmpty()) {
                Iterator<String> it = pendingUris.iterator();
                uri = it.next();
                it.remove();
            } else if (pendingListChanged) {
                pendingListChanged = false;
                uri = null;
            } else {
                return;
            }
            inFlight = true;
            number = ++sendNumber;
            sentAt = System.nanoTime();
            inFlightUri = uri;
            inFlightSend = null;
            subscribing = true;
        }
        PreparedMessage message;
        try {
            message = uri == null ? listChangedMessage : updatedMessage.apply(uri);
        } catch (RuntimeException e) {
            synchronized (this) {
                subscribing = false;
            }
            failed(number, uri, e);
            return;
        }
        // sent from this thread (the sender does not block): a change reaches every idle session without a hop
        Disposable send = Mono.defer(() -> sender.send(sessionId, message))
                .subscribe(null, e -> failed(number, uri, e), () -> sent(number));
        synchronized (this) {
            if (sendNumber == number) {
                subscribing = false;
                if (inFlight) {
                    inFlightSend = send;
                }
            }
        }
    }

    /**
     * The send was taken. The session's next notification leaves from Reactor's parallel pool, not inline, when one
     * is already pending or when the send completed while it was being made (a store that answers at once, in
     * memory): otherwise a burst of changes became a burst of notifications, each of which a client may answer with
     * a read (the SDK client does), instead of being conflated. When nothing is pending after a send that took its
     * time (a log write, a round trip), the session is just idle again: no hop, no task per session and change.
     */
    private void sent(long number) {
        boolean hop;
        synchronized (this) {
            if (number != sendNumber || !inFlight) {
                return; // it had timed out
            }
            inFlightSend = null;
            hop = subscribing || !pendingUris.isEmpty() || pendingListChanged;
            if (!hop) {
                inFlight = false;
            }
        }
        if (hop) {
            Schedulers.parallel().schedule(this::done);
        }
    }

    private void done() {
        synchronized (this) {
            inFlight = false;
        }
        drain();
    }

    /** {@code uri} null: the list change. */
    private void failed(long number, @Nullable String uri, Throwable e) {
        synchronized (this) {
            if (number != sendNumber || !inFlight) {
                return; // it had timed out, and this is its late failure (or the reverse)
            }
            inFlight = false;
            inFlightSend = null;
            if (closed) {
                return;
            }
            if (uri != null) {
                pendingUris.add(uri);
            } else {
                pendingListChanged = true;
            }
            stalled = true;
        }
        log.debug("{} to session {} failed, kept pending: {}", uri == null ? "list_changed" : uri, sessionId,
                e.toString());
        Mono.delay(RETRY_AFTER).subscribe(t -> resume(), err -> log.debug("retry timer of session {}: {}", sessionId,
                err.toString()));
    }
}
