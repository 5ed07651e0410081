package dev.reactivekv;

import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreSetupException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import dev.reactivekv.spi.StoreProvider;
import dev.reactivekv.spi.StoreUri;

/**
 * Opens a store from a URI: {@code memory:}, {@code disk:/path}, {@code redis://host:port/0}, …
 * The scheme picks a {@link StoreProvider} found on the class path; each store module documents
 * its URI options.
 */
public final class KeyValueStores {

    private KeyValueStores() {
    }

    /**
     * Opens the store the URI names. May block while the store connects or opens files: call it
     * at start-up, not on a reactive thread.
     *
     * @throws StoreSetupException when the URI is malformed, no module handles its scheme, or opening fails
     */
    public static KeyValueStore open(String uri) {
        // one parser for every provider: it also accepts a bare "memory:" or "disk:"
        return open(StoreUri.parse(uri).uri());
    }

    public static KeyValueStore open(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new StoreSetupException("Store URI '" + uri + "' has no scheme; known: " + providers().keySet());
        }
        StoreProvider provider = providers().get(scheme.toLowerCase(Locale.ROOT));
        if (provider == null) {
            throw new StoreSetupException("No store module on the class path handles '" + scheme
                    + ":' URIs; known: " + providers().keySet());
        }
        try {
            return provider.open(uri);
        } catch (KeyValueException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreSetupException("Could not open " + StoreUri.redact(uri.toString()) + ": " + e.getMessage(), e);
        }
    }

    /** Scheme to provider, for every store module on the class path. */
    public static Map<String, StoreProvider> providers() {
        Map<String, StoreProvider> byScheme = new TreeMap<>();
        for (StoreProvider p : ServiceLoader.load(StoreProvider.class, KeyValueStores.class.getClassLoader())) {
            for (String s : p.schemes()) {
                byScheme.putIfAbsent(s, p);
            }
        }
        return byScheme;
    }
}
