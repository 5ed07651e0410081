package dev.reactivekv.search;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;

/** py-key-value's OpenSearch layout ({@code value.flat}, a {@code flat_object}) on a real OpenSearch 2.19 node. */
@ExtendWith(OpenSearchNode.class)
class OpenSearchInteropTest extends SearchInteropSupport {

    @Override
    protected String uri() {
        return OpenSearchNode.uri();
    }

    @Override
    protected int httpPort() {
        return OpenSearchNode.HTTP_PORT;
    }

    @Override
    protected String valueField() {
        return "flat";
    }

    @Override
    protected Map<String, Object> valueMapping() {
        return Map.of("type", "flat_object");
    }

    @Override
    protected String engineName() {
        return "opensearch";
    }
}
