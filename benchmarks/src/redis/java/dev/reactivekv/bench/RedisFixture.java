package dev.reactivekv.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.redis.RedisStore;

/**
 * The Redis server the benchmarks use: {@code RKV_REDIS_PORT} (default 16379, started by
 * {@code scripts/servers start}), database {@code RKV_BENCH_REDIS_DB} (default 9, away from the tests'
 * database 0). The store and the raw Lettuce baseline talk to the same server, each over one connection
 * of its own client, as a user of either would.
 */
final class RedisFixture implements AutoCloseable {

    final String uri;
    final KeyValueStore store;
    final RedisClient client;
    final StatefulRedisConnection<String, String> connection;
    final RedisReactiveCommands<String, String> raw;

    RedisFixture() {
        String port = env("RKV_REDIS_PORT", "16379");
        String db = env("RKV_BENCH_REDIS_DB", "9");
        uri = "redis://127.0.0.1:" + port + "/" + db;
        store = RedisStore.builder(uri).build();
        client = RedisClient.create(RedisURI.create(uri));
        connection = client.connect();
        raw = connection.reactive();
    }

    /** The Redis key the store uses for (collection, key): py-key-value's {@code collection::key}. */
    static String compound(String collection, String key) {
        return collection + "::" + key;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void close() {
        store.close();
        connection.close();
        client.shutdown();
    }
}
