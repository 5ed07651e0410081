package dev.reactivekv.postgresql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import dev.reactivekv.error.SerializationException;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.error.DeserializationException;

/**
 * JSON text for the {@code value JSONB} column, written so that what PostgreSQL normalises still
 * reads back as the value that was written.
 *
 * <p>JSONB stores numbers as {@code numeric}, which keeps the digits after a decimal point but
 * forgets exponents: {@code 1e+16} would come back as the integer {@code 10000000000000000}. So
 * floats are written in plain decimal notation with at least one fraction digit
 * ({@code 10000000000000000.0}), which numeric keeps as written and every JSON reader, Python's
 * included, reads as a float again. JSONB cannot hold U+0000 and rejects unpaired surrogates;
 * both are refused here with a {@link SerializationException}, before any I/O.
 */
final class PgJson {

    private PgJson() {
    }

    /** The value as JSONB input text. */
    static String write(Map<String, Object> value) {
        StringBuilder out = new StringBuilder(64);
        writeObject(value, out, "$");
        return out.toString();
    }

    /** Parses the JSONB text a SELECT returned; anything but an object is a corrupt entry. */
    static Map<String, Object> read(String jsonb) {
        try {
            return EntryCodec.decodeValue(jsonb);
        } catch (DeserializationException e) {
            throw new DeserializationException("Stored value is not a JSON object: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DeserializationException("Stored value is not a JSON object: " + e, e);
        }
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out, String path) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            String name = (String) e.getKey();
            writeString(name, out, path);
            out.append(": ");
            writeAny(e.getValue(), out, path + "." + name);
        }
        out.append('}');
    }

    private static void writeAny(Object v, StringBuilder out, String path) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            writeString(s, out, path);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            out.append(v);
        } else if (v instanceof Double d) {
            out.append(plainFloat(d));
        } else if (v instanceof Map<?, ?> m) {
            writeObject(m, out, path);
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                writeAny(list.get(i), out, path + "[" + i + "]");
            }
            out.append(']');
        } else {
            // values reach here in JsonValues' canonical form only
            throw new SerializationException("Unsupported value type " + v.getClass().getName() + " at " + path);
        }
    }

    /** Plain decimal with a fraction, exact: numeric keeps it as is, and parsing it gives the same double. */
    static String plainFloat(double d) {
        String plain = new BigDecimal(Double.toString(d)).toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    private static void writeString(String s, StringBuilder out, String path) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\u0000' -> throw new SerializationException("PostgreSQL's jsonb cannot hold U+0000, found at " + path);
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new SerializationException("Unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()
                                + " at " + path + " cannot be stored as jsonb");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
