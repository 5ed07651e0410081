package dev.reactivekv.internal.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds, eight bytes at a time, the end of a run of bytes a JSON string holds as they are: printable ASCII
 * other than the quote and the backslash. Long values are such runs, so writing them (PyJson) costs one
 * check of a long word per eight bytes instead of a compare-and-copy per character.
 */
final class AsciiScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;
    private static final long DELS = ONES * 0x7f;

    private AsciiScan() {
    }

    /** The first index in {@code [from, to)} whose byte is not {@link #plain(int)}, or {@code to}. */
    static int plainRun(byte[] b, int from, int to) {
        int j = from;
        int last8 = to - 8;
        while (true) {
            while (j <= last8 && plain((long) LONGS.get(b, j))) {
                j += 8;
            }
            if (j >= to || !plain(b[j])) {
                return j;
            }
            j++;
        }
    }

    /** Whether a JSON string holds this byte as it is (what CPython's {@code ensure_ascii} writes unescaped). */
    static boolean plain(int c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }

    /**
     * Whether all eight bytes are {@link #plain(int)}. A byte equal to {@code n} is a zero byte of
     * {@code w ^ n*ONES}, and a zero byte (or one below 0x20) borrows into its high bit when {@code ONES} (or
     * 0x20 per byte) is subtracted; a byte above 0x7f has its high bit set. Borrows only ever add false alarms,
     * which the byte-wise check clears.
     */
    private static boolean plain(long w) {
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        long d = w ^ DELS;
        return ((((q - ONES) & ~q) | ((s - ONES) & ~s) | ((d - ONES) & ~d) | ((w - SPACES) & ~w) | w) & HIGHS) == 0;
    }
}
