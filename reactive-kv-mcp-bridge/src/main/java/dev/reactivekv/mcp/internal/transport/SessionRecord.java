package dev.reactivekv.mcp.internal.transport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a Streamable HTTP session needs to go on in another process: the client's {@code initialize} parameters
 * (protocol version, client info and capabilities), the negotiated protocol version, the log level the client
 * set, and its resource subscriptions. Immutable.
 *
 * @param initialize      the {@code params} of the client's {@code initialize} request, as JSON
 * @param protocolVersion the version the server answered with
 * @param logLevel        the level of {@code logging/setLevel}, or {@code null} for the default
 * @param subscriptions   the subscribed resource URIs, in subscription order
 */
public record SessionRecord(Map<String, Object> initialize, String protocolVersion, @Nullable String logLevel,
                            List<String> subscriptions) {

    public SessionRecord {
        initialize = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(initialize)); // JSON may hold nulls
        subscriptions = List.copyOf(subscriptions);
    }

    public SessionRecord withLogLevel(@Nullable String level) {
        return new SessionRecord(initialize, protocolVersion, level, subscriptions);
    }

    public SessionRecord withSubscriptions(List<String> uris) {
        return new SessionRecord(initialize, protocolVersion, logLevel, uris);
    }

    /** As stored: a JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("initialize", initialize);
        m.put("protocolVersion", protocolVersion);
        if (logLevel != null) {
            m.put("logLevel", logLevel);
        }
        m.put("subscriptions", subscriptions);
        return m;
    }

    /** Reads {@link #toJson()}; fails with {@link IllegalArgumentException} on anything else. */
    @SuppressWarnings("unchecked")
    public static SessionRecord fromJson(Map<String, Object> json) {
        try {
            Object level = json.get("logLevel");
            return new SessionRecord((Map<String, Object>) json.get("initialize"), (String) json.get("protocolVersion"),
                    level == null ? null : (String) level, (List<String>) json.get("subscriptions"));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a session record: " + json.keySet(), e);
        }
    }
}
