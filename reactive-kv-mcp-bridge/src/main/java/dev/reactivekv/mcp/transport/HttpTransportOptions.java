package dev.reactivekv.mcp.transport;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Security and resource limits of the Streamable HTTP transport. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li><b>Host / Origin</b>: a request whose {@code Host} name is not in {@link #allowedHosts()}, or that
 *       carries an {@code Origin} whose host is not allowed, is rejected with 403 (DNS-rebinding
 *       protection). The default allows only loopback names. An empty set disables the check.</li>
 *   <li><b>Bearer token</b>: when set, every request needs {@code Authorization: Bearer <token>} (401 otherwise).</li>
 *   <li><b>Body limit</b>: a POST body larger than {@link #maxRequestBytes()} is answered 413.</li>
 *   <li><b>Stream capacity</b>: how many messages one SSE stream may queue for a slow client before it is
 *       closed (the client reconnects; see docs/mcp.md).</li>
 * </ul>
 */
public final class HttpTransportOptions {

    /** The names a loopback-bound server answers to. */
    public static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final String endpoint;
    private final Set<String> allowedHosts;
    private final @Nullable String bearerToken;
    private final int maxRequestBytes;
    private final int streamCapacity;
    private final Duration keepAliveInterval;
    private final Duration sendTimeout;
    private final Duration sessionIdleTimeout;

    private HttpTransportOptions(Builder b) {
        this.endpoint = b.endpoint;
        this.allowedHosts = Set.copyOf(b.allowedHosts);
        this.bearerToken = b.bearerToken;
        this.maxRequestBytes = b.maxRequestBytes;
        this.streamCapacity = b.streamCapacity;
        this.keepAliveInterval = b.keepAliveInterval;
        this.sendTimeout = b.sendTimeout;
        this.sessionIdleTimeout = b.sessionIdleTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static HttpTransportOptions defaults() {
        return builder().build();
    }

    public String endpoint() {
        return endpoint;
    }

    /** Lower-case host names (without port) accepted in {@code Host} and {@code Origin}; empty = any. */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    public @Nullable String bearerToken() {
        return bearerToken;
    }

    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    public int streamCapacity() {
        return streamCapacity;
    }

    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    /** How long a server-to-client message may wait for a slow client before its stream is closed. */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /**
     * How long a session may go without any request and without an open listening stream before it is ended as
     * if the client had sent {@code DELETE} (clients that vanish without one would otherwise hold it forever).
     */
    public Duration sessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    /** Builder; defaults: endpoint {@code /mcp}, loopback hosts only, no token, 4 MiB bodies, 256 queued messages,
     * sessions idle for 30 minutes expire. */
    public static final class Builder {
        private String endpoint = "/mcp";
        private final Set<String> allowedHosts = new LinkedHashSet<>(LOOPBACK_HOSTS);
        private @Nullable String bearerToken;
        private int maxRequestBytes = 4 * 1024 * 1024;
        private int streamCapacity = 256;
        private Duration keepAliveInterval = Duration.ofSeconds(25);
        private Duration sendTimeout = Duration.ofSeconds(30);
        private Duration sessionIdleTimeout = Duration.ofMinutes(30);

        private Builder() {
        }

        public Builder endpoint(String path) {
            if (!Objects.requireNonNull(path, "path").startsWith("/")) {
                throw new IllegalArgumentException("endpoint must start with '/': " + path);
            }
            this.endpoint = path;
            return this;
        }

        /** Replaces the allowed host names; pass none to disable Host/Origin checking. */
        public Builder allowedHosts(Set<String> hosts) {
            allowedHosts.clear();
            hosts.forEach(h -> allowedHosts.add(h.toLowerCase(Locale.ROOT)));
            return this;
        }

        /** Adds a host name to the allowed ones. */
        public Builder allowHost(String host) {
            allowedHosts.add(host.toLowerCase(Locale.ROOT));
            return this;
        }

        public Builder bearerToken(@Nullable String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("bearer token must not be blank");
            }
            this.bearerToken = token;
            return this;
        }

        public Builder maxRequestBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxRequestBytes must be at least 1024: " + bytes);
            }
            this.maxRequestBytes = bytes;
            return this;
        }

        public Builder streamCapacity(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("streamCapacity must be positive: " + messages);
            }
            this.streamCapacity = messages;
            return this;
        }

        public Builder keepAliveInterval(Duration interval) {
            this.keepAliveInterval = requirePositive(interval);
            return this;
        }

        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = requirePositive(timeout);
            return this;
        }

        public Builder sessionIdleTimeout(Duration timeout) {
            this.sessionIdleTimeout = requirePositive(timeout);
            return this;
        }

        private static Duration requirePositive(Duration d) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }

        public HttpTransportOptions build() {
            return new HttpTransportOptions(this);
        }
    }
}
