package dev.reactivekv.postgresql;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.reactivekv.error.InvalidCursorException;

/** The opaque scan position: the last key a page returned, so the next page is {@code key > last} (keyset pagination). */
final class KeyCursor {

    private static final String TAG = "pg1.";

    private KeyCursor() {
    }

    static String encode(String lastKey) {
        return TAG + Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The key to continue after; a cursor this store did not produce fails with {@link InvalidCursorException}. */
    static String decode(String cursor) {
        if (!cursor.startsWith(TAG)) {
            throw new InvalidCursorException("Not a cursor of this store: " + shorten(cursor));
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor.substring(TAG.length()));
            String key = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (key.isEmpty() || key.indexOf('\u0000') >= 0) {
                throw new InvalidCursorException("Not a cursor of this store: " + shorten(cursor));
            }
            return key;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidCursorException("Not a cursor of this store: " + shorten(cursor), e);
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
