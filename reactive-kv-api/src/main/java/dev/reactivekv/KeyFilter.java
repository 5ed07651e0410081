package dev.reactivekv;

import java.util.Objects;

/** Which keys of a collection a watch sees. RESYNC events always pass. */
public final class KeyFilter {

    private static final KeyFilter ALL = new KeyFilter(null, false);

    private final String text;
    private final boolean exact;

    private KeyFilter(String text, boolean exact) {
        this.text = text;
        this.exact = exact;
    }

    public static KeyFilter all() {
        return ALL;
    }

    public static KeyFilter key(String key) {
        return new KeyFilter(Objects.requireNonNull(key, "key"), true);
    }

    public static KeyFilter prefix(String prefix) {
        return new KeyFilter(Objects.requireNonNull(prefix, "prefix"), false);
    }

    public boolean matches(String key) {
        if (text == null) {
            return true;
        }
        return exact ? text.equals(key) : key.startsWith(text);
    }

    /** The exact key, or null when this filter is not a single key. */
    public String exactKey() {
        return exact ? text : null;
    }

    /** The prefix (empty for "all"), or null when this filter is a single key. */
    public String prefixOrNull() {
        return exact ? null : (text == null ? "" : text);
    }

    @Override
    public String toString() {
        return text == null ? "all" : (exact ? "key(" + text + ")" : "prefix(" + text + ")");
    }
}
