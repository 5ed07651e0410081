package dev.reactivekv.redis;

import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** A plain Lettuce client, independent of the store: the "other process" of cross-process tests. */
final class RawRedis implements AutoCloseable {

    private final io.lettuce.core.AbstractRedisClient client;
    private final io.lettuce.core.api.StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> sync;

    private RawRedis(io.lettuce.core.AbstractRedisClient client, io.lettuce.core.api.StatefulConnection<String, String> c,
                     RedisClusterCommands<String, String> sync) {
        this.client = client;
        this.connection = c;
        this.sync = sync;
    }

    static RawRedis standalone(int port) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        var c = client.connect();
        return new RawRedis(client, c, c.sync());
    }

    static RawRedis cluster(List<Integer> ports) {
        RedisClusterClient client = RedisClusterClient.create(ports.stream().map(p -> RedisURI.create("127.0.0.1", p)).toList());
        var c = client.connect();
        return new RawRedis(client, c, c.sync());
    }

    RedisClusterCommands<String, String> sync() {
        return sync;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
