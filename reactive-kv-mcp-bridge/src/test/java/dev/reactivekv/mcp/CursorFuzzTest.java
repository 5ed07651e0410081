package dev.reactivekv.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reactivekv.spi.Validation;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Cursors as a client sends them back: a cursor this bridge made decodes to exactly the scan position it holds; any
 * other text, and any edit of a real cursor, is an invalid-params error (the MCP bridge's typed error for a bad
 * argument), never another exception.
 */
class CursorFuzzTest {

    private static final CursorCodec CODEC = new CursorCodec();

    @FuzzTest(maxDuration = "5s")
    void cursorsRoundTripAndAnythingElseIsInvalidParams(FuzzedDataProvider data) {
        String purpose = data.consumeBoolean() ? "resources" : "keys";
        int count = data.consumeInt(1, 3);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(data.consumeString(64));
        }
        int edit = data.consumeInt(0, 200);
        String other = data.consumeRemainingAsString();
        if (parts.stream().allMatch(Validation::isValidName)) {
            String cursor = CODEC.encode(purpose, parts);
            assertThat(CODEC.decode(purpose, cursor, count)).isEqualTo(parts);
            if (edit < cursor.length()) {
                String edited = cursor.substring(0, edit) + (cursor.charAt(edit) == 'A' ? 'B' : 'A') + cursor.substring(edit + 1);
                invalidParamsOrPositionOf(purpose, edited, count, parts);
            }
        }
        invalidParamsOrPositionOf(purpose, other, count, null);
    }

    private static void invalidParamsOrPositionOf(String purpose, String cursor, int count, List<String> original) {
        try {
            List<String> decoded = CODEC.decode(purpose, cursor, count);
            // base64 can spell the same bytes two ways only in its unused trailing bits
            assertThat(decoded).as("a cursor nobody made decoded").isEqualTo(original);
        } catch (McpError e) {
            assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        }
    }
}
