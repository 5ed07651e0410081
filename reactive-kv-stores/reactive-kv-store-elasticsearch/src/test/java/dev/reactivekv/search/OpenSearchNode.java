package dev.reactivekv.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real OpenSearch 2.19 node in the test JVM, started by the first test class that needs it and
 * stopped (its data directory removed) when the JUnit run ends, through the root context's store.
 */
public final class OpenSearchNode implements BeforeAllCallback {

    /** The node's HTTP port: the runner binds baseHttpPort + 1. */
    static final int HTTP_PORT = 19201;
    private static final int TRANSPORT_PORT = 19301;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(OpenSearchNode.class, k -> start(), Running.class);
    }

    static String uri() {
        return "opensearch://127.0.0.1:" + HTTP_PORT + "?timeout=" + TestNodes.TIMEOUT;
    }

    private static Running start() {
        try {
            Path dir = TestNodes.dataDirectory("rkv-opensearch");
            OpenSearchRunner runner = new OpenSearchRunner();
            runner.setMaxHttpPort(HTTP_PORT);
            runner.onBuild((number, settings) -> {
                settings.put("discovery.type", "single-node");
                settings.put("network.host", "127.0.0.1");
                settings.put("transport.port", Integer.toString(TRANSPORT_PORT));
                // a nearly full test disk must not turn the indices read-only
                settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            });
            try {
                runner.build(OpenSearchRunner.newConfigs().basePath(dir.toString()).numOfNode(1)
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

    private record Running(OpenSearchRunner runner) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
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
