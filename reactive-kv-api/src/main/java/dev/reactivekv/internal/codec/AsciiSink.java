package dev.reactivekv.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for JSON that is ASCII by construction (CPython's {@code ensure_ascii}),
 * so each char is one byte and no UTF-8 encoding pass is needed.
 */
final class AsciiSink {

    /** A per-thread buffer up to this size is kept for the next envelope; larger ones are dropped. */
    private static final int KEEP = 256 * 1024;
    private static final ThreadLocal<AsciiSink> SCRATCH = ThreadLocal.withInitial(() -> new AsciiSink(512));

    private byte[] buf;
    private int len;
    private boolean lent;

    AsciiSink(int capacity) {
        buf = new byte[capacity];
    }

    /**
     * This thread's reusable sink, emptied; {@link #release} gives it back. A nested borrow (never expected)
     * gets a fresh sink, so two writers never share one.
     */
    static AsciiSink borrow() {
        AsciiSink s = SCRATCH.get();
        if (s.lent) {
            return new AsciiSink(512);
        }
        s.lent = true;
        s.len = 0;
        return s;
    }

    /** The written bytes, exactly; the sink goes back to its thread. */
    byte[] release() {
        byte[] out = Arrays.copyOf(buf, len);
        lent = false;
        if (buf.length > KEEP) {
            buf = new byte[512];
        }
        return out;
    }

    AsciiSink append(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    AsciiSink append(String ascii) {
        int n = ascii.length();
        ensure(n);
        ascii.getBytes(0, n, buf, len); // deprecated for non-ASCII text only; this text is ASCII
        len += n;
        return this;
    }

    AsciiSink append(long n) {
        return append(Long.toString(n));
    }

    /** {@code value} in decimal, left-padded with zeros to {@code width} digits (non-negative values). */
    AsciiSink appendPadded(int value, int width) {
        ensure(width);
        for (int i = len + width - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        len += width;
        return this;
    }

    /** From this length on, {@link #appendPlain} tries the bulk copy first. */
    private static final int BULK = 64;

    /**
     * Appends the printable-ASCII run of {@code s} from {@code from} that needs no JSON escape, straight into
     * the buffer; returns where it stopped (the first char that needs an escape, or the end).
     *
     * <p>A long string that needs no escape at all (a large payload, typically) is copied in bulk: its low
     * bytes go into the buffer ({@code String.getBytes(int, int, byte[], int)}), {@link AsciiScan} checks them
     * eight at a time, and one {@code equals} against those bytes read as Latin-1 proves that no char lost a
     * high byte in the copy (a string with a char above 0xff never equals a Latin-1 one). Anything else takes
     * the char-by-char loop.
     */
    int appendPlain(String s, int from) {
        int n = s.length();
        ensure(n - from);
        byte[] b = buf;
        int at = len;
        if (from == 0 && n >= BULK) {
            s.getBytes(0, n, b, at); // deprecated for non-Latin-1 text only, which the equals below rejects
            if (AsciiScan.plainRun(b, at, at + n) == at + n
                    && s.equals(new String(b, at, n, StandardCharsets.ISO_8859_1))) {
                len = at + n;
                return n;
            }
        }
        int i = from;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                break;
            }
            b[at++] = (byte) c;
        }
        len = at;
        return i;
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.ISO_8859_1);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
