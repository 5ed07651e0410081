package dev.reactivekv.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.spi.Versions;

/**
 * A scan position: the last key (or collection name) delivered, which the next page's
 * {@code search_after} (or composite {@code after}) starts behind, tagged with what it scans so a cursor
 * of another collection is refused. Opaque to users: {@code s1.<tag>.<base64url(last)>}. Being the
 * position itself and not a server-side context, it never expires and needs nothing closed on cancel.
 */
final class ScanCursor {

    private static final String VERSION = "s1";

    private ScanCursor() {
    }

    static String of(String scope, String last) {
        return VERSION + "." + tag(scope) + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(last.getBytes(StandardCharsets.UTF_8));
    }

    /** The last key or name of a cursor produced for {@code scope}. */
    static String last(String scope, String cursor) {
        String[] parts = cursor.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !tag(scope).equals(parts[1])) {
            throw new InvalidCursorException("Not a cursor of this store's scan of '" + scope + "'");
        }
        try {
            return new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("Tampered cursor: " + e.getMessage());
        }
    }

    private static String tag(String scope) {
        return Versions.ofStored(scope).substring(0, 8);
    }
}
