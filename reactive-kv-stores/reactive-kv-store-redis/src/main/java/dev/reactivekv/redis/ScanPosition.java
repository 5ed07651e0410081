package dev.reactivekv.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.reactivekv.error.InvalidCursorException;
import org.jspecify.annotations.Nullable;

/**
 * Where a SCAN walk stands, as an opaque cursor: the node being scanned, the Redis SCAN cursor to
 * issue next on it ({@code null} once that node is exhausted), and the keys a SCAN step returned
 * beyond the page size. Carrying those leftovers (rather than re-running the SCAN step with an
 * offset) keeps pages exact even when the keyspace is rehashed between calls, and keeps every
 * page within the requested size although SCAN's COUNT is only a hint.
 *
 * <p>The cursor also carries a fingerprint of the MATCH pattern, so a cursor from another
 * collection or prefix is rejected instead of silently scanning the wrong thing.
 */
record ScanPosition(String node, @Nullable String scanCursor, List<String> leftovers) {

    private static final int MAGIC = 0x524B5631; // "RKV1"

    ScanPosition {
        leftovers = List.copyOf(leftovers);
    }

    static ScanPosition start(String node) {
        return new ScanPosition(node, "0", List.of());
    }

    String encode(String pattern) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(pattern.hashCode());
            out.writeUTF(node);
            out.writeBoolean(scanCursor != null);
            if (scanCursor != null) {
                out.writeUTF(scanCursor);
            }
            out.writeInt(leftovers.size());
            for (String k : leftovers) {
                out.writeUTF(k);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    static ScanPosition decode(String cursor, String pattern) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cursor);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
            if (in.readInt() != MAGIC) {
                throw foreign(null);
            }
            if (in.readInt() != pattern.hashCode()) {
                throw new InvalidCursorException("Cursor belongs to another collection or prefix");
            }
            String node = in.readUTF();
            String scan = in.readBoolean() ? in.readUTF() : null;
            int n = in.readInt();
            if (n < 0 || n > raw.length) {
                throw foreign(null);
            }
            List<String> rest = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                rest.add(in.readUTF());
            }
            if (in.available() != 0) {
                throw foreign(null);
            }
            return new ScanPosition(node, scan, rest);
        } catch (IllegalArgumentException | IOException e) {
            throw foreign(e);
        }
    }

    private static InvalidCursorException foreign(@Nullable Throwable cause) {
        return new InvalidCursorException("Not a cursor of this Redis store", cause);
    }
}
