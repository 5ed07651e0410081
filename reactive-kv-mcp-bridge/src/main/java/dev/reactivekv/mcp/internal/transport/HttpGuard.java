package dev.reactivekv.mcp.internal.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

import dev.reactivekv.mcp.transport.HttpTransportOptions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Request checks that come before any MCP processing: DNS-rebinding protection (Host and Origin) and the
 * optional bearer token. Pure functions of the headers; never blocks.
 */
final class HttpGuard {

    private final HttpTransportOptions options;
    private final byte @Nullable [] token;

    HttpGuard(HttpTransportOptions options) {
        this.options = options;
        String t = options.bearerToken();
        this.token = t == null ? null : t.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the rejection, or {@code null} when the request may proceed */
    @Nullable
    HttpError check(HttpHeaders headers) {
        String host = hostName(headers.get(HttpHeaderNames.HOST));
        if (!hostAllowed(host)) {
            return HttpError.of(403, "Forbidden: Host header not allowed");
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin != null && !options.allowedHosts().isEmpty() && !hostAllowed(originHost(origin))) {
            return HttpError.of(403, "Forbidden: Origin not allowed");
        }
        if (token != null && !tokenMatches(headers.get(HttpHeaderNames.AUTHORIZATION))) {
            return HttpError.of(401, "Unauthorized: bearer token required");
        }
        return null;
    }

    /** Any host when the allowed set is empty; otherwise only the listed names. */
    private boolean hostAllowed(@Nullable String hostName) {
        if (options.allowedHosts().isEmpty()) {
            return true;
        }
        return hostName != null && options.allowedHosts().contains(hostName.toLowerCase(Locale.ROOT));
    }

    boolean requiresToken() {
        return token != null;
    }

    private boolean tokenMatches(@Nullable String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    /** The host name of a {@code Host} header value without port; IPv6 literals keep their brackets. */
    static @Nullable String hostName(@Nullable String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    static @Nullable String originHost(String origin) {
        if ("null".equals(origin)) {
            return null;
        }
        try {
            String host = new URI(origin.trim()).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
