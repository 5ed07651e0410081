package dev.reactivekv.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for JSON that is ASCII by construction (CPython's {@code ensure_ascii}),
 * so each char is one byte and no UTF-8 encoding pass is needed.
 */
final class AsciiSink {

    private byte[] buf;
    private int len;

    AsciiSink(int capacity) {
        buf = new byte[capacity];
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
