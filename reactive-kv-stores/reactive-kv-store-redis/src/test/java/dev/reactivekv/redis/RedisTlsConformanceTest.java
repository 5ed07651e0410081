package dev.reactivekv.redis;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The whole kit against a redis-server that listens on TLS only ({@code --port 0 --tls-port …}), with a
 * certificate from the throwaway CA {@code scripts/lib/servers.sh} makes, trusted through {@code caCert}.
 */
class RedisTlsConformanceTest extends RedisStoreConformanceTest {

    /** {@code rediss://127.0.0.1:<tls port>/0?caCert=<the test CA>}. */
    static String tlsUri(String caFile) {
        return "rediss://127.0.0.1:" + RedisServers.tlsPort() + "/0?caCert="
                + URLEncoder.encode(new File(caFile).getAbsolutePath(), StandardCharsets.UTF_8);
    }

    @Override
    protected String uri() {
        return tlsUri(RedisServers.tlsCa());
    }

    @Override
    protected RawRedis openRaw() {
        return RawRedis.tls(RedisServers.tlsPort());
    }
}
