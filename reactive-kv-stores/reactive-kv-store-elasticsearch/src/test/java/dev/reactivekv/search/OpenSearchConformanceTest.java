package dev.reactivekv.search;

import org.junit.jupiter.api.extension.ExtendWith;

/** The kit against a real OpenSearch 2.19 node (value in {@code value.flat}, a {@code flat_object}). */
@ExtendWith(OpenSearchNode.class)
class OpenSearchConformanceTest extends SearchConformanceSupport {

    @Override
    protected String uri() {
        return OpenSearchNode.uri();
    }

    @Override
    protected int httpPort() {
        return OpenSearchNode.HTTP_PORT;
    }
}
