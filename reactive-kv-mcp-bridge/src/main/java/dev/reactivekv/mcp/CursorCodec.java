package dev.reactivekv.mcp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Opaque, tamper-checked pagination cursors. A cursor is {@code base64url(payload) "." base64url(tag)}
 * where the tag is a truncated HMAC-SHA256 of a purpose label and the payload under a key drawn at random
 * when the bridge starts: cursors cannot be forged or edited, and do not survive a restart (a stale cursor
 * is an invalid-params error, like any other bad cursor). The payload is a list of strings (the scan
 * position), each length-prefixed.
 */
final class CursorCodec {

    private static final int TAG_BYTES = 16;
    private final SecretKeySpec key;

    CursorCodec() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    String encode(String purpose, List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            b.append(p.length()).append(':').append(p);
        }
        byte[] payload = b.toString().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString(payload) + "." + enc.encodeToString(tag(purpose, payload));
    }

    /**
     * @throws McpError with code -32602 (invalid params) when the cursor is malformed, forged, edited,
     *     from another purpose or from an earlier process
     */
    List<String> decode(String purpose, String cursor, int expectedParts) {
        try {
            int dot = cursor.indexOf('.');
            if (dot <= 0) {
                throw invalid();
            }
            Base64.Decoder dec = Base64.getUrlDecoder();
            byte[] payload = dec.decode(cursor.substring(0, dot));
            byte[] tag = dec.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(tag, tag(purpose, payload))) {
                throw invalid();
            }
            String s = new String(payload, StandardCharsets.UTF_8);
            java.util.ArrayList<String> parts = new java.util.ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                int colon = s.indexOf(':', i);
                int len = Integer.parseInt(s.substring(i, colon));
                parts.add(s.substring(colon + 1, colon + 1 + len));
                i = colon + 1 + len;
            }
            if (parts.size() != expectedParts) {
                throw invalid();
            }
            return parts;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid();
        }
    }

    static McpError invalid() {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Invalid cursor").build();
    }

    private byte[] tag(String purpose, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(payload), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
