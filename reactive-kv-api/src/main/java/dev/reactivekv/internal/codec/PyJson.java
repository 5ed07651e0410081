package dev.reactivekv.internal.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import dev.reactivekv.error.SerializationException;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON exactly as CPython's {@code json.dumps} does with {@code ensure_ascii=True}: every
 * character outside printable ASCII escaped as lower-case {@code \\uXXXX}, floats in {@code repr}
 * form ({@code 1.0}, {@code 1e+16}, {@code 1e-05}), optional {@code sort_keys} by code point, and
 * either the default separators ({@code ", "}, {@code ": "}) or the compact ones.
 */
public final class PyJson {

    private PyJson() {
    }

    /** {@code json.dumps(value, sort_keys=True)}: the dialect of py-key-value's envelope. */
    public static String dumpsSorted(@Nullable Object value) {
        AsciiSink out = new AsciiSink(128);
        write(out, value, true, false);
        return out.toString();
    }

    /** {@link #dumpsSorted} as its bytes (ASCII, so also UTF-8), with no intermediate String. */
    public static byte[] dumpsSortedBytes(@Nullable Object value) {
        AsciiSink out = AsciiSink.borrow();
        write(out, value, true, false);
        return out.release();
    }

    /**
     * py-key-value's envelope as its bytes, fields in sorted order written directly (no envelope map, no
     * String): {@code collection}, {@code created_at}, {@code expires_at}, {@code key}, {@code value},
     * {@code version}; null fields are left out. Dates are UTC {@code LocalDateTime}s of the instants.
     */
    public static byte[] dumpsEnvelope(@Nullable String collection, java.time.@Nullable LocalDateTime createdAt,
                                       java.time.@Nullable LocalDateTime expiresAt, @Nullable String key,
                                       Map<String, ?> value, int version) {
        AsciiSink out = AsciiSink.borrow();
        out.append('{');
        if (collection != null) {
            out.append("\"collection\": ");
            writeString(out, collection);
            out.append(", ");
        }
        if (createdAt != null) {
            writeDate(out.append("\"created_at\": \""), createdAt).append("\", ");
        }
        if (expiresAt != null) {
            writeDate(out.append("\"expires_at\": \""), expiresAt).append("\", ");
        }
        if (key != null) {
            out.append("\"key\": ");
            writeString(out, key);
            out.append(", ");
        }
        out.append("\"value\": ");
        writeObject(out, value, true, false);
        out.append(", \"version\": ").append(version).append('}');
        return out.release();
    }

    /** Python's {@code datetime.isoformat()} of a UTC time: microseconds only when non-zero, offset {@code +00:00}. */
    public static String isoformat(java.time.LocalDateTime t) {
        AsciiSink out = new AsciiSink(32);
        return writeDate(out, t).toString();
    }

    private static AsciiSink writeDate(AsciiSink out, java.time.LocalDateTime t) {
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            throw new SerializationException("Date out of range for the stored format: " + t + "Z");
        }
        out.appendPadded(year, 4).append('-').appendPadded(t.getMonthValue(), 2).append('-')
                .appendPadded(t.getDayOfMonth(), 2).append('T').appendPadded(t.getHour(), 2).append(':')
                .appendPadded(t.getMinute(), 2).append(':').appendPadded(t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            out.append('.').appendPadded(micros, 6);
        }
        return out.append("+00:00");
    }

    /** {@code json.dumps(value, separators=(",", ":"))}: insertion order, compact. */
    public static String dumpsCompact(@Nullable Object value) {
        AsciiSink out = new AsciiSink(128);
        write(out, value, false, true);
        return out.toString();
    }

    static void write(AsciiSink out, @Nullable Object v, boolean sortKeys, boolean compact) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            writeString(out, s);
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Integer || v instanceof Long || v instanceof BigInteger
                || v instanceof Short || v instanceof Byte) {
            out.append(v.toString());
        } else if (v instanceof Double || v instanceof Float) {
            out.append(floatRepr(((Number) v).doubleValue()));
        } else if (v instanceof BigDecimal bd) {
            out.append(floatRepr(bd.doubleValue()));
        } else if (v instanceof Map<?, ?> map) {
            writeObject(out, map, sortKeys, compact);
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object item : c) {
                if (!first) {
                    out.append(compact ? "," : ", ");
                }
                first = false;
                write(out, item, sortKeys, compact);
            }
            out.append(']');
        } else {
            throw new SerializationException("Cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private static void writeObject(AsciiSink out, Map<?, ?> map, boolean sortKeys, boolean compact) {
        out.append('{');
        Iterable<? extends Map.Entry<?, ?>> entries = map.entrySet();
        if (sortKeys && !isSorted(map)) {
            @SuppressWarnings("unchecked")
            Map.Entry<?, ?>[] sorted = map.entrySet().toArray(new Map.Entry[0]);
            Arrays.sort(sorted, (a, b) -> compareCodePoints((String) a.getKey(), (String) b.getKey()));
            entries = Arrays.asList(sorted);
        }
        boolean first = true;
        for (Map.Entry<?, ?> e : entries) {
            if (!first) {
                out.append(compact ? "," : ", ");
            }
            first = false;
            writeString(out, (String) e.getKey());
            out.append(compact ? ":" : ": ");
            write(out, e.getValue(), sortKeys, compact);
        }
        out.append('}');
    }

    /** Maps read back from stored JSON are already in order: one pass instead of a copy and a sort. */
    private static boolean isSorted(Map<?, ?> map) {
        String previous = null;
        for (Object k : map.keySet()) {
            String key = (String) k;
            if (previous != null && compareCodePoints(previous, key) > 0) {
                return false;
            }
            previous = key;
        }
        return true;
    }

    /**
     * Python orders str by code point (and UTF-8 byte stores such as DynamoDB order keys the same way);
     * Java's compareTo orders by UTF-16 unit, which differs above U+FFFF.
     */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static void writeString(AsciiSink out, String s) {
        out.append('"');
        int i = out.appendPlain(s, 0);
        while (i < s.length()) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append('\\').append('u').append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            }
            i = out.appendPlain(s, i + 1);
        }
        out.append('"');
    }

    /** CPython's {@code float.__repr__}: shortest round-tripping digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        // Schubfach gives the shortest digits on every JDK (Double.toString only does since JDK 19)
        BigDecimal exact = new BigDecimal(DoubleToDecimal.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int decpt = digits.length() - exact.scale();
        StringBuilder out = new StringBuilder(24);
        if (d < 0) {
            out.append('-');
        }
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                out.append("0.");
                out.append("0".repeat(-decpt)).append(digits);
            } else if (decpt < digits.length()) {
                out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            } else {
                out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            out.append('e').append(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            if (abs < 10) {
                out.append('0');
            }
            out.append(abs);
        }
        return out.toString();
    }
}
