package dev.reactivekv.tck.codec;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.reactivekv.internal.codec.JsonReader;
import dev.reactivekv.internal.codec.PyJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long strings take the writer's bulk copy (AsciiSink): a char that needs an escape anywhere in them (a quote,
 * DEL, Latin-1 é, or U+0140, whose low byte is a plain '@') must still be escaped exactly as CPython's
 * {@code json.dumps} does, and read back unchanged.
 */
class PyJsonLongStringTest {

    @Test
    void longStringsAreWrittenAsPythonWritesThemAndReadBack() {
        String base = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(5);
        String[] specials = {"", "\"", "\\", "\u007f", "\u00e9", "\u0140", "\n", "\u20ac", "\ud83d\ude00"};
        for (String special : specials) {
            for (int at : new int[] {0, 7, 8, 63, 64, base.length()}) {
                String text = base.substring(0, at) + special + base.substring(at);
                String written = PyJson.dumpsSorted(Map.of("a", text));
                assertThat(written).as(text).isEqualTo("{\"a\": \"" + pythonEscape(text) + "\"}");
                assertThat(JsonReader.parse(written)).as(text).isEqualTo(Map.of("a", text));
                assertThat(JsonReader.parse(written.getBytes(StandardCharsets.US_ASCII))).as(text).isEqualTo(Map.of("a", text));
            }
        }
    }

    /** CPython's {@code json.dumps} string body with {@code ensure_ascii}. */
    private static String pythonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append(c);
                    } else {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return b.toString();
    }
}
