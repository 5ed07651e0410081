package dev.reactivekv.search;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * py-key-value's Elasticsearch layout ({@code value.flattened}) on a real Elasticsearch 7.10 node. The
 * runner is the OSS build, which has no {@code flattened} type (X-Pack): the store maps the field as a
 * stored-only object there, and the document itself is unchanged.
 */
@ExtendWith(ElasticsearchNode.class)
class ElasticsearchInteropTest extends SearchInteropSupport {

    @Override
    protected String uri() {
        return ElasticsearchNode.uri();
    }

    @Override
    protected int httpPort() {
        return ElasticsearchNode.HTTP_PORT;
    }

    @Override
    protected String valueField() {
        return "flattened";
    }

    @Override
    protected Map<String, Object> valueMapping() {
        return Map.of("type", "object", "enabled", false);
    }

    @Override
    protected String engineName() {
        return "elasticsearch";
    }
}
