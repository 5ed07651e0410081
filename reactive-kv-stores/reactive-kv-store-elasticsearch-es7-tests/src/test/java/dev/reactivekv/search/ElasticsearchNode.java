package dev.reactivekv.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Elasticsearch 7.10.2 node in the test JVM (the runner's OSS build: no X-Pack, so no
 * {@code flattened} type), started by the first test class that needs it and stopped, its data
 * directory removed, when the JUnit run ends.
 */
public final class ElasticsearchNode implements BeforeAllCallback {

    /** The node's HTTP port: the runner binds baseHttpPort + 1. */
    static final int HTTP_PORT = 19251;
    private static final int TRANSPORT_PORT = 19351;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(ElasticsearchNode.class, k -> start(), Running.class);
    }

    static String uri() {
        return "elasticsearch://127.0.0.1:" + HTTP_PORT + "?timeout=" + TestNodes.TIMEOUT;
    }

    private static Running start() {
        try {
            Path dir = TestNodes.dataDirectory("rkv-elasticsearch");
            ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
            runner.setMaxHttpPort(HTTP_PORT);
            runner.onBuild((number, settings) -> {
                settings.put("discovery.type", "single-node");
                settings.put("network.host", "127.0.0.1");
                settings.put("transport.port", Integer.toString(TRANSPORT_PORT));
                // a nearly full test disk must not turn the indices read-only
                settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            });
            try {
                runner.build(ElasticsearchClusterRunner.newConfigs().basePath(dir.toString()).numOfNode(1)
                        .baseHttpPort(HTTP_PORT - 1).clusterName("rkv-test").disableESLogger());
                runner.ensureYellow();
            } catch (RuntimeException e) {
                // a node that failed to start must not leave its directory behind
                runner.close();
                runner.clean();
                throw e;
            }
            return new Running(runner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Running(ElasticsearchClusterRunner runner) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                runner.close();
            } finally {
                runner.clean();
            }
        }
    }
}
