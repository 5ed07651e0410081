package dev.reactivekv.tck;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * Values every store must round-trip unchanged, after py-key-value's shared cases (nulls, booleans,
 * integers up to 10^18, floats that stay floats, unicode and escapes, large values) plus ours.
 * Each case also carries the exact JSON Python's {@code json.dumps(sort_keys=True)} writes for it.
 */
public final class ValueCases {

    private ValueCases() {
    }

    public record Case(String name, Map<String, Object> value, String pythonJson) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Case> simple() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("null value", map("null_key", null), "{\"null_key\": null}"));
        c.add(new Case("null list", map("str_key", Arrays.asList(null, null, null)), "{\"str_key\": [null, null, null]}"));
        c.add(new Case("null nested", map("str_key", map("str_key_2", null, "str_key_3", null)),
                "{\"str_key\": {\"str_key_2\": null, \"str_key_3\": null}}"));
        c.add(new Case("null as key text", map("null", "str_value"), "{\"null\": \"str_value\"}"));
        c.add(new Case("null as value text", map("str_key", "null"), "{\"str_key\": \"null\"}"));
        c.add(new Case("true", map("bool_true_key", true), "{\"bool_true_key\": true}"));
        c.add(new Case("false", map("bool_false_key", false), "{\"bool_false_key\": false}"));
        c.add(new Case("boolean list", map("str_key", List.of(true, false, true)), "{\"str_key\": [true, false, true]}"));
        c.add(new Case("boolean nested", map("str_key", map("str_key_2", true, "str_key_3", false)),
                "{\"str_key\": {\"str_key_2\": true, \"str_key_3\": false}}"));
        c.add(new Case("true as key text", map("true", "str_value"), "{\"true\": \"str_value\"}"));
        c.add(new Case("int", map("int_key", 1), "{\"int_key\": 1}"));
        c.add(new Case("negative int", map("negative_int_key", -42), "{\"negative_int_key\": -42}"));
        c.add(new Case("10^18", map("large_int_key", 1_000_000_000_000_000_000L), "{\"large_int_key\": 1000000000000000000}"));
        c.add(new Case("2^70", map("big", BigInteger.TWO.pow(70)), "{\"big\": 1180591620717411303424}"));
        c.add(new Case("int as key text", map("1", "str_value"), "{\"1\": \"str_value\"}"));
        c.add(new Case("float stays float", map("float_key", 1.0), "{\"float_key\": 1.0}"));
        c.add(new Case("large float", map("large_float_key", 12345678901.2345), "{\"large_float_key\": 12345678901.2345}"));
        c.add(new Case("float exponents", map("a", 1e16, "b", 1e-7, "c", 0.1 + 0.2, "d", -2.5e-5, "e", 1e15),
                "{\"a\": 1e+16, \"b\": 1e-07, \"c\": 0.30000000000000004, \"d\": -2.5e-05, \"e\": 1000000000000000.0}"));
        c.add(new Case("float as key text", map("1.0", "str_value"), "{\"1.0\": \"str_value\"}"));
        c.add(new Case("string", map("string_key", "string_value"), "{\"string_key\": \"string_value\"}"));
        c.add(new Case("unicode", map("unicode_key", "Hello 世界 🌍 émojis"),
                "{\"unicode_key\": \"Hello \\u4e16\\u754c \\ud83c\\udf0d \\u00e9mojis\"}"));
        c.add(new Case("escapes", map("special_key", "Line1\nLine2\tTabbed"), "{\"special_key\": \"Line1\\nLine2\\tTabbed\"}"));
        c.add(new Case("quotes and controls", map("q", "\"\\/\u0001\u007f"), "{\"q\": \"\\\"\\\\/\\u0001\\u007f\"}"));
        c.add(new Case("uuid text", map("12345678-1234-5678-1234-567812345678", "12345678-1234-5678-1234-567812345678"),
                "{\"12345678-1234-5678-1234-567812345678\": \"12345678-1234-5678-1234-567812345678\"}"));
        c.add(new Case("sorted nested keys", map("b", map("z", 1, "a", 2), "a", List.of(map("y", 1, "x", 2))),
                "{\"a\": [{\"x\": 2, \"y\": 1}], \"b\": {\"a\": 2, \"z\": 1}}"));
        c.add(new Case("empty containers", map("o", map(), "l", List.of()), "{\"l\": [], \"o\": {}}"));
        c.add(new Case("empty object", map(), "{}"));
        c.add(new Case("deep nesting", map("level1", map("level2", map("level3", map("level4", map("value", "deep"))))),
                "{\"level1\": {\"level2\": {\"level3\": {\"level4\": {\"value\": \"deep\"}}}}}"));
        return c;
    }

    public static List<Case> large() {
        List<Case> c = new ArrayList<>();
        String tenK = "a".repeat(10_000);
        c.add(new Case("10 KB string", map("large_str_key", tenK), "{\"large_str_key\": \"" + tenK + "\"}"));
        c.add(new Case("1 KB string", map("string_key", "a".repeat(1024)), "{\"string_key\": \"" + "a".repeat(1024) + "\"}"));
        List<Integer> thousand = IntStream.range(0, 1000).boxed().toList();
        StringBuilder json = new StringBuilder("{\"list_key\": [");
        for (int i = 0; i < 1000; i++) {
            json.append(i == 0 ? "" : ", ").append(i);
        }
        c.add(new Case("1000-element list", map("list_key", thousand), json.append("]}").toString()));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(map("id", i, "name", "item" + i));
        }
        StringBuilder itemsJson = new StringBuilder("{\"items\": [");
        for (int i = 0; i < 1000; i++) {
            itemsJson.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append(", \"name\": \"item").append(i).append("\"}");
        }
        c.add(new Case("1000 nested objects", map("items", items), itemsJson.append("]}").toString()));
        return c;
    }

    public static Stream<Arguments> simpleArguments() {
        return simple().stream().map(Arguments::of);
    }

    public static Stream<Arguments> largeArguments() {
        return large().stream().map(Arguments::of);
    }

    /** An insertion-ordered map that, unlike {@code Map.of}, holds nulls. */
    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
