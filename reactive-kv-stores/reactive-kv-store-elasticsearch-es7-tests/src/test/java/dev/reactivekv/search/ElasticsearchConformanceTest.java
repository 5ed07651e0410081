package dev.reactivekv.search;

import org.junit.jupiter.api.extension.ExtendWith;

/** The kit against a real Elasticsearch 7.10 node (value in {@code value.flattened}). */
@ExtendWith(ElasticsearchNode.class)
class ElasticsearchConformanceTest extends SearchConformanceSupport {

    @Override
    protected String uri() {
        return ElasticsearchNode.uri();
    }

    @Override
    protected int httpPort() {
        return ElasticsearchNode.HTTP_PORT;
    }
}
