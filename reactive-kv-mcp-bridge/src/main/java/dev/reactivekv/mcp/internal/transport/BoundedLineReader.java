package dev.reactivekv.mcp.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

/**
 * Reads newline-delimited messages without ever holding more than the limit: a longer line is read to its end
 * and dropped, keeping only its first bytes (enough to find the JSON-RPC {@code id} it is answered with).
 * Blocking: for a dedicated reader thread only.
 */
final class BoundedLineReader {

    /** How much of an oversized line is kept. */
    static final int PREFIX_BYTES = 4096;

    /** One line without its terminator; {@code oversized} lines hold only their first {@link #PREFIX_BYTES}. */
    record Line(byte[] bytes, boolean oversized, long length) {
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    BoundedLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or {@code null} at end of input (a last line without terminator is returned first). */
    @Nullable Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long length = 0;
        boolean oversized = false;
        for (;;) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return length == 0 ? null : line(line, oversized, length);
                }
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int n = end - position;
            length += n;
            if (!oversized && length > maxBytes) {
                oversized = true;
                byte[] kept = line.toByteArray();
                line.reset();
                line.write(kept, 0, Math.min(kept.length, PREFIX_BYTES));
            }
            int room = oversized ? Math.max(0, PREFIX_BYTES - line.size()) : n;
            line.write(buffer, position, Math.min(n, room));
            position = end;
            if (end < limit) {
                position++; // the '\n'
                return line(line, oversized, length);
            }
        }
    }

    private static Line line(ByteArrayOutputStream line, boolean oversized, long length) {
        byte[] bytes = line.toByteArray();
        if (!oversized && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        return new Line(bytes, oversized, length);
    }
}
