package dev.reactivekv;

import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreSetupException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import dev.reactivekv.spi.StoreProvider;

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
        if (uri == null) {
            throw new StoreSetupException("Store URI must not be null");
        }
        try {
            // java.net.URI refuses a bare "memory:"; as an opaque URI with an empty query it parses
            return open(new URI(uri.matches("[A-Za-z][A-Za-z0-9+.-]*:") ? uri + "?" : uri));
        } catch (URISyntaxException e) {
            throw new StoreSetupException("Malformed store URI '" + uri + "': " + e.getMessage(), e);
        }
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
            throw new StoreSetupException("Could not open " + uri + ": " + e.getMessage(), e);
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
