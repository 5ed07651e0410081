package dev.reactivekv.mcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * The resource URI of an entry: {@code kv://{collection}/{key}} where both segments are percent-encoded
 * UTF-8 (every byte outside RFC 3986's unreserved set {@code A-Z a-z 0-9 - . _ ~} is escaped), so any
 * collection or key name maps to exactly one URI and back.
 */
record KvUri(String collection, String key) {

    static final String SCHEME_PREFIX = "kv://";
    static final String TEMPLATE = "kv://{collection}/{key}";

    String uri() {
        return SCHEME_PREFIX + encode(collection) + "/" + encode(key);
    }

    static boolean isKvUri(String uri) {
        return uri.startsWith(SCHEME_PREFIX);
    }

    /** Parses a {@code kv://} URI; {@code null} when it is malformed (wrong shape, bad escapes, empty segment). */
    static @Nullable KvUri parse(String uri) {
        if (!isKvUri(uri)) {
            return null;
        }
        String rest = uri.substring(SCHEME_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        String c = decode(rest.substring(0, slash));
        String k = decode(rest.substring(slash + 1));
        return c == null || k == null || c.isEmpty() || k.isEmpty() ? null : new KvUri(c, k);
    }

    /** The message of the invalid-params error for a malformed {@code kv://} URI. */
    static String malformed(String uri) {
        return "Malformed kv:// resource URI: " + uri + " (expected " + TEMPLATE + ", both segments percent-encoded)";
    }

    static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    static @Nullable String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (ch > 0x7f || ch == '/' || ch == '?' || ch == '#') {
                return null;
            } else {
                out.write(ch);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
