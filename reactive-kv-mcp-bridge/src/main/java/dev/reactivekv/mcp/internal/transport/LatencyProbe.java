package dev.reactivekv.mcp.internal.transport;

import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;

/**
 * A hook for the notification-latency benchmark (benchmarks/src/mcp): told when the server learns that a
 * subscribed resource changed (its watch event) and when a {@code notifications/resources/updated} for it was taken
 * by a listening stream's connection. Not API; one listener per JVM; costs one volatile read when none is installed.
 * Listeners run on the server's threads and must return at once.
 */
public final class LatencyProbe {

    /** Receives timestamps from {@link System#nanoTime()}. */
    public interface Listener {
        void changed(String uri, long nanos);

        void written(String sessionId, String uri, long nanos);
    }

    private static volatile @Nullable Listener listener;

    private LatencyProbe() {
    }

    /** Installs the listener ({@code null} removes it). */
    public static void install(@Nullable Listener l) {
        listener = l;
    }

    /** A watch event marked {@code uri} changed. */
    public static void changed(String uri) {
        Listener l = listener;
        if (l != null) {
            l.changed(uri, System.nanoTime());
        }
    }

    static void written(String sessionId, McpSchema.JSONRPCMessage message) {
        Listener l = listener;
        if (l != null && message instanceof McpSchema.JSONRPCNotification n
                && McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED.equals(n.method())) {
            Object uri = n.params() instanceof McpSchema.ResourcesUpdatedNotification u ? u.uri()
                    : n.params() instanceof java.util.Map<?, ?> params ? params.get("uri") : null;
            if (uri instanceof String s) {
                l.written(sessionId, s, System.nanoTime());
            }
        }
    }
}
