package dev.reactivekv.mongodb;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.reactivekv.error.InvalidCursorException;

/** Opaque scan cursors: the last key of a page, so the next page starts strictly after it. */
final class KeyCursors {

    private static final String PREFIX = "mongo1.";

    private KeyCursors() {
    }

    static String encode(String lastKey) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidCursorException for a cursor this store did not produce */
    static String decode(String cursor) {
        if (!cursor.startsWith(PREFIX)) {
            throw new InvalidCursorException("Not a MongoDB store cursor: '" + cursor + "'");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length()));
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidCursorException("Tampered MongoDB store cursor: '" + cursor + "'", e);
        }
    }
}
