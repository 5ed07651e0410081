package dev.reactivekv.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.reactivekv.spi.JsonValues;

/** Values and keys the benchmarks share, so a store and its baseline handle identical data. */
public final class BenchValues {

    private BenchValues() {
    }

    /**
     * A JSON object whose payload is {@code size} ASCII characters: {@code {"data": "xxxx…"}}.
     * Returned canonical and immutable, as a store would hand it out.
     */
    public static Map<String, Object> value(int size) {
        StringBuilder sb = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            sb.append((char) ('a' + i % 26));
        }
        return JsonValues.copyObject(Map.of("data", sb.toString()));
    }

    /** {@code key-0000000}, {@code key-0000001}, …: fixed width so ordered stores scan them in insertion order. */
    public static String key(int i) {
        return String.format("key-%07d", i);
    }

    public static List<String> keys(int count) {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(key(i));
        }
        return Collections.unmodifiableList(keys);
    }

    /** Fails the trial when a benchmark would measure something other than what it claims (a miss, a wrong value). */
    public static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark self-check failed: " + what);
        }
    }
}
