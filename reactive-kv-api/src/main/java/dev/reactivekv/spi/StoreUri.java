package dev.reactivekv.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.reactivekv.error.StoreSetupException;
import org.jspecify.annotations.Nullable;

/**
 * A store URI taken apart once, the same way for every provider: the scheme, the authority, the
 * percent-decoded path and the percent-decoded query options.
 *
 * <p>Both shapes are accepted: opaque ({@code memory:}, {@code disk:/var/kv}, {@code rocksdb:db})
 * and hierarchical ({@code redis://host:6379/0?timeout=5s}, {@code disk:///var/kv}). Options are
 * read through the typed accessors, which remember each name they were asked for; a provider calls
 * {@link #checkAllOptionsRead()} last, so an option nobody reads (a typo) fails with a
 * {@link StoreSetupException} that names it and lists the known ones. Not thread-safe.
 */
public final class StoreUri {

    private final URI uri;
    private final String scheme;
    private final @Nullable String authority;
    private final String path;
    private final Map<String, String> options;
    private final Set<String> read = new LinkedHashSet<>();

    private StoreUri(URI uri, String scheme, @Nullable String authority, String path, Map<String, String> options) {
        this.uri = uri;
        this.scheme = scheme;
        this.authority = authority;
        this.path = path;
        this.options = options;
    }

    /** Parses a URI given as text; a bare {@code scheme:} is accepted. */
    public static StoreUri parse(String text) {
        if (text == null) {
            throw new StoreSetupException("Store URI must not be null");
        }
        try {
            // java.net.URI refuses a bare "memory:"; as an opaque URI with an empty query it parses
            return parse(new URI(text.matches("[A-Za-z][A-Za-z0-9+.-]*:") ? text + "?" : text));
        } catch (URISyntaxException e) {
            throw new StoreSetupException("Malformed store URI '" + redact(text) + "': " + e.getReason(), e);
        }
    }

    public static StoreUri parse(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new StoreSetupException("Store URI '" + redact(uri.toString()) + "' has no scheme");
        }
        String rawPath;
        String rawQuery;
        String authority = null;
        if (uri.isOpaque()) {
            String ssp = uri.getRawSchemeSpecificPart();
            int q = ssp.indexOf('?');
            rawPath = q < 0 ? ssp : ssp.substring(0, q);
            rawQuery = q < 0 ? null : ssp.substring(q + 1);
        } else {
            rawPath = uri.getRawPath();
            rawQuery = uri.getRawQuery();
            authority = uri.getRawAuthority();
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), uri);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), uri);
                if (options.put(name, value) != null) {
                    throw new StoreSetupException("Option '" + name + "' is given twice in " + redact(uri.toString()));
                }
            }
        }
        return new StoreUri(uri, scheme.toLowerCase(Locale.ROOT), authority,
                rawPath == null ? "" : decode(rawPath, uri), Collections.unmodifiableMap(options));
    }

    public URI uri() {
        return uri;
    }

    /** Lower case. */
    public String scheme() {
        return scheme;
    }

    /** The raw authority ({@code user:pass@host:port}, or several hosts), or null for opaque and {@code scheme:///} URIs. */
    public @Nullable String authority() {
        return authority;
    }

    /** The host, or null. */
    public @Nullable String host() {
        return uri.getHost();
    }

    /** The port, or {@code defaultPort} when none is given. */
    public int port(int defaultPort) {
        return uri.getPort() < 0 ? defaultPort : uri.getPort();
    }

    /** The percent-decoded path ({@code ""} when there is none). */
    public String path() {
        return path;
    }

    /** The path as an absolute local directory; refuses a relative path or a host. */
    public java.nio.file.Path absolutePath() {
        if (authority != null && !authority.isEmpty()) {
            throw new StoreSetupException(scheme + ": URIs name a local directory, not a host: " + redact(uri.toString()));
        }
        if (!(path.startsWith("/") || path.matches("[A-Za-z]:.*"))) {
            throw new StoreSetupException(scheme + ": needs an absolute path, got '" + path + "' in " + redact(uri.toString()));
        }
        try {
            return java.nio.file.Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new StoreSetupException(scheme + ": '" + path + "' is not a valid path: " + e.getReason(), e);
        }
    }

    /** Every option as given, read or not. */
    public Map<String, String> options() {
        return options;
    }

    /** The option's value, or null; marks it read. */
    public @Nullable String option(String name) {
        read.add(name);
        return options.get(name);
    }

    public String option(String name, String defaultValue) {
        String v = option(name);
        return v == null ? defaultValue : v;
    }

    public boolean booleanOption(String name, boolean defaultValue) {
        String v = option(name);
        if (v == null) {
            return defaultValue;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(name, v, "true or false");
        };
    }

    /** A positive integer. */
    public int intOption(String name, int defaultValue) {
        String v = option(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw bad(name, v, "a positive integer");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(name, v, "a positive integer");
        }
    }

    /** A positive duration: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT5S}). */
    public Duration durationOption(String name, Duration defaultValue) {
        String v = option(name);
        if (v == null) {
            return defaultValue;
        }
        Duration d;
        try {
            d = parseDuration(v);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw bad(name, v, "a duration such as 250ms, 5s, 2m, 1h or PT5S");
        }
        if (d.isZero() || d.isNegative()) {
            throw bad(name, v, "a positive duration");
        }
        return d;
    }

    /** Fails naming every option that no accessor asked for. */
    public void checkAllOptionsRead() {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new StoreSetupException("Unknown " + scheme + ": option" + (unknown.size() > 1 ? "s " : " ")
                    + unknown + " in " + redact(uri.toString()) + "; known: " + new TreeSet<>(read));
        }
    }

    /** The URI with any password replaced by {@code ***}, for messages and logs. */
    public static String redact(String uri) {
        return uri.replaceAll("(?<=://)([^:/@?#]*):[^@/?#]*@", "$1:***@")
                .replaceAll("(?i)((?:password|secret|token|key|credentials)[^=&]*=)[^&]*", "$1***");
    }

    /**
     * Reads a duration as store URIs write it: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601
     * ({@code PT30S}); throws {@link NumberFormatException} or {@link java.time.format.DateTimeParseException}.
     */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(text.trim());
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.isEmpty()) {
            throw new NumberFormatException("empty duration");
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new NumberFormatException(text);
        };
    }

    private StoreSetupException bad(String name, String value, String expected) {
        return new StoreSetupException("Option " + name + "=" + value + " in " + redact(uri.toString())
                + " must be " + expected);
    }

    private static String decode(String raw, URI uri) {
        try {
            // '+' is a literal plus in a path or option value, not a space
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new StoreSetupException("Bad percent-encoding '" + raw + "' in " + redact(uri.toString()), e);
        }
    }
}
