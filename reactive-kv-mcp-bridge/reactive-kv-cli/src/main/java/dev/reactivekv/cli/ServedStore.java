package dev.reactivekv.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.spi.StoreProvider;
import dev.reactivekv.spi.StoreUri;

/**
 * Opens the store {@code serve} serves. A store whose provider announces its capabilities before opening (the
 * disk store) is returned as an {@link OpeningStore} that {@code serve} begins opening once it listens, so that the
 * server listens (and answers {@code initialize}) after the JVM's own start-up instead of after the store's second
 * or more of set-up; requests wait for it. Any other store is opened at once, as the other commands do, so a store that cannot be reached still
 * fails {@code serve} before it listens. A malformed URI or an unknown scheme fails at once in both cases.
 */
final class ServedStore {

    /** How long a request waits for a store still opening (the disk store takes seconds, far more under load). */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private ServedStore() {
    }

    static KeyValueStore open(String uri, PrintWriter err) {
        URI parsed = StoreUri.parse(uri).uri();
        String scheme = parsed.getScheme();
        StoreProvider provider = scheme == null ? null : KeyValueStores.providers().get(scheme.toLowerCase(Locale.ROOT));
        Optional<Set<Capability>> announced = provider == null ? Optional.empty() : provider.capabilitiesBeforeOpen(parsed);
        if (announced.isEmpty()) {
            return KeyValueStores.open(parsed); // also the "no module handles" error for an unknown scheme
        }
        return OpeningStore.prepare(StoreUri.redact(parsed.toString()), announced.get(), READY_TIMEOUT,
                () -> KeyValueStores.open(parsed), failure -> {
                    // the server goes on listening: every request answers this error, and the log says it once
                    err.println("error: " + failure.getMessage() + " (requests fail until serve is restarted)");
                    err.flush();
                });
    }
}
