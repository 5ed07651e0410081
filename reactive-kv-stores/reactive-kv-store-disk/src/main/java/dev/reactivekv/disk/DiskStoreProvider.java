package dev.reactivekv.disk;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.StoreProvider;

/**
 * {@code disk:/absolute/path} opens that directory; {@code disk:} the platform data directory of "reactive-kv".
 * Encrypted by default, as {@link DiskStore.Builder#build()}. Options: {@code ?encrypted=false} stores values
 * in clear; {@code ?keyFile=/absolute/path} reads (or generates) the key there. Anything else is refused.
 */
public final class DiskStoreProvider implements StoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("disk");
    }

    @Override
    public KeyValueStore open(URI uri) {
        DiskStore.Builder b = DiskStore.builder();
        String path = uri.getPath();
        String query = uri.getRawQuery();
        if (path == null) {
            String ssp = uri.getRawSchemeSpecificPart();
            int q = ssp == null ? -1 : ssp.indexOf('?');
            path = decode(q >= 0 ? ssp.substring(0, q) : ssp);
            query = q >= 0 ? ssp.substring(q + 1) : null;
        }
        if (query != null && !query.isEmpty()) {
            for (String option : query.split("&")) {
                applyOption(b, option, uri);
            }
        }
        if (path != null && !path.isEmpty()) {
            if (!isAbsolute(path)) {
                throw new StoreSetupException("disk: needs an absolute path, got '" + path + "' in " + uri);
            }
            b.directory(Path.of(path));
        }
        return b.build();
    }

    private static void applyOption(DiskStore.Builder b, String option, URI uri) {
        int eq = option.indexOf('=');
        String name = eq < 0 ? option : option.substring(0, eq);
        String value = eq < 0 ? "" : decode(option.substring(eq + 1));
        switch (name) {
            case "encrypted" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new StoreSetupException("encrypted must be true or false in " + uri);
                }
                b.encrypted(Boolean.parseBoolean(value));
            }
            case "keyFile" -> {
                if (!isAbsolute(value)) {
                    throw new StoreSetupException("keyFile needs an absolute path in " + uri);
                }
                b.encryptionKeyFile(Path.of(value));
            }
            default -> throw new StoreSetupException("Unknown disk store option '" + name
                    + "' (known: encrypted, keyFile) in " + uri);
        }
    }

    private static boolean isAbsolute(String path) {
        return path.startsWith("/") || path.matches("[A-Za-z]:.*");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
