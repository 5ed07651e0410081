package dev.reactivekv.mongodb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.StringJoiner;

import com.mongodb.ConnectionString;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.StoreUri;

/**
 * Splits a {@code mongodb://} or {@code mongodb+srv://} URI into this store's options and the
 * connection string the driver gets (everything else, untouched: hosts, credentials, TLS, replica set).
 */
final class MongoUris {

    static final Set<String> SCHEMES = Set.of("mongodb", "mongodb+srv");
    private static final Set<String> OURS = Set.of("database", "sanitization", "timeout", "changeStreams",
            "sweepInterval", "watchBuffer", "threads");

    /** @param options this store's options only (typed accessors, unknown-name check) */
    record Parsed(StoreUri options, ConnectionString connectionString) {
    }

    private MongoUris() {
    }

    static Parsed parse(String text) {
        String scheme = StoreUri.parse(text).scheme();
        if (!SCHEMES.contains(scheme)) {
            throw new StoreSetupException("Not a MongoDB URI (mongodb:// or mongodb+srv://): " + StoreUri.redact(text));
        }
        int q = text.indexOf('?');
        StringJoiner driver = new StringJoiner("&");
        StringJoiner ours = new StringJoiner("&");
        if (q >= 0) {
            for (String pair : text.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                (OURS.contains(name) ? ours : driver).add(pair);
            }
        }
        String base = q < 0 ? text : text.substring(0, q);
        String forDriver = driver.length() == 0 ? base : base + "?" + driver;
        ConnectionString cs;
        try {
            cs = new ConnectionString(forDriver);
        } catch (IllegalArgumentException e) {
            throw new StoreSetupException("Malformed MongoDB connection string " + StoreUri.redact(forDriver) + ": "
                    + e.getMessage(), e);
        }
        return new Parsed(StoreUri.parse("mongodb-store-options:?" + ours), cs);
    }
}
