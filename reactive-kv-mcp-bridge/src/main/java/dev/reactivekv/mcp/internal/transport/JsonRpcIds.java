package dev.reactivekv.mcp.internal.transport;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.jspecify.annotations.Nullable;

/** Finds the {@code id} of a JSON-RPC message that could not be read whole (too large, or not a valid message). */
final class JsonRpcIds {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonRpcIds() {
    }

    /**
     * The top-level {@code id} (a number or a string) of the JSON object starting at {@code json[0]}, when it
     * appears within these bytes; {@code null} otherwise. Never throws.
     */
    static @Nullable Object find(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue()
                            : value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
