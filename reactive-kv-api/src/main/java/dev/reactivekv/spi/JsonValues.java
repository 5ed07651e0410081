package dev.reactivekv.spi;

import dev.reactivekv.error.SerializationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Validates and deep-copies JSON values into their canonical immutable form: maps with string
 * keys, lists, strings, booleans, {@code null}, and numbers as {@link Integer}, {@link Long} or
 * {@link BigInteger} (the smallest that fits) or finite {@link Double}. The canonical form is what
 * a JSON round trip yields, so a value compares equal whether it came from memory or from a backend.
 */
public final class JsonValues {

    /** Deepest accepted nesting; deeper values are rejected rather than risking a stack overflow. */
    public static final int MAX_DEPTH = 500;

    private JsonValues() {
    }

    /**
     * Canonical immutable copy of a top-level value. A value this method returned is returned as it is: it is
     * already canonical and cannot change, so a wrapper chain copies (and checks) a value once, not per layer.
     *
     * @throws SerializationException when the value is not a JSON object
     */
    public static Map<String, Object> copyObject(@Nullable Map<String, ?> value) {
        if (value == null) {
            throw new SerializationException("Value must be a JSON object, got null");
        }
        return copyMap(value, "$", 0);
    }

    /** Canonical form of any JSON value (object, list, scalar). */
    public static @Nullable Object copy(@Nullable Object value) {
        return copyAny(value, "$", 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copyMap(Map<?, ?> map, String path, int depth) {
        if (depth == 0 && map instanceof CanonicalObject) {
            // checked and copied before, and immutable. (Nested deeper, its depth would count anew: copy it.)
            return (Map<String, Object>) map;
        }
        checkDepth(path, depth);
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new SerializationException("Object keys must be strings at " + path + ", got "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            Object v = e.getValue();
            // the path (for error messages) only where it can be needed: most values are plain scalars
            copy.put(name, v == null || v instanceof String || v instanceof Boolean || v instanceof Integer ? v
                    : copyAny(v, path + "." + name, depth + 1));
        }
        return new CanonicalObject(copy);
    }

    private static @Nullable Object copyAny(@Nullable Object v, String path, int depth) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer) {
            return v;
        }
        if (v instanceof Long l) {
            return (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) ? Integer.valueOf(l.intValue()) : l;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 32 ? Integer.valueOf(b.intValue())
                    : b.bitLength() < 64 ? Long.valueOf(b.longValue()) : b;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new SerializationException("Non-finite number " + d + " at " + path + " is not JSON");
            }
            return d;
        }
        if (v instanceof BigDecimal bd) {
            return copyAny(bd.doubleValue(), path, depth);
        }
        if (v instanceof Map<?, ?> m) {
            return copyMap(m, path, depth);
        }
        if (v instanceof Collection<?> c) {
            checkDepth(path, depth);
            List<Object> copy = new ArrayList<>(c.size());
            int i = 0;
            for (Object item : c) {
                copy.add(copyAny(item, path + "[" + i++ + "]", depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        if (v instanceof Object[] array) {
            return copyAny(java.util.Arrays.asList(array), path, depth);
        }
        throw new SerializationException("Unsupported value type " + v.getClass().getName() + " at " + path
                + " (allowed: null, Boolean, Number, String, List, Map with String keys)");
    }

    private static void checkDepth(String path, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new SerializationException("Value nested deeper than " + MAX_DEPTH + " levels at " + path);
        }
    }
}
