package dev.reactivekv.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.redis.RedisStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * The Redis server the benchmarks use: {@code RKV_REDIS_PORT} (default 16379, started by
 * {@code scripts/servers start}), database {@code RKV_BENCH_REDIS_DB} (default 9, away from the tests'
 * database 0). The store and the raw Lettuce baselines talk to the same server, each over a connection
 * of its own client, as a user of either would.
 *
 * <p>Two raw baselines: {@link #raw} stops at one String per reply, as raw Lettuce's {@code StringCodec} does,
 * and never reads the JSON; the store hands out each value as a map, so it also parses the envelope.
 * {@link #rawBytes} plus {@link #parsedValue} is that same work done by hand on raw Lettuce, as a user of the
 * plain driver reading these envelopes would write it: the reply as bytes (a String-key, byte[]-value codec, as
 * the store's), read by Jackson's {@code ObjectMapper} (built once) into a map, its {@code value} taken. It checks
 * no dates or expiry, which the store does. {@link #envelopeBytes} is the write side of the same: the value and
 * its creation date written by Jackson with its defaults (the store writes Python's exact format: sorted keys, ASCII escapes).
 */
final class RedisFixture implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final String uri;
    final KeyValueStore store;
    final RedisClient client;
    final StatefulRedisConnection<String, String> connection;
    final RedisReactiveCommands<String, String> raw;
    final StatefulRedisConnection<String, byte[]> bytesConnection;
    final RedisReactiveCommands<String, byte[]> rawBytes;

    RedisFixture() {
        String port = env("RKV_REDIS_PORT", "16379");
        String db = env("RKV_BENCH_REDIS_DB", "9");
        uri = "redis://127.0.0.1:" + port + "/" + db;
        store = RedisStore.builder(uri).build();
        client = RedisClient.create(RedisURI.create(uri));
        connection = client.connect();
        raw = connection.reactive();
        bytesConnection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        rawBytes = bytesConnection.reactive();
    }

    /** The Redis key the store uses for (collection, key): py-key-value's {@code collection::key}. */
    static String compound(String collection, String key) {
        return collection + "::" + key;
    }

    /** An envelope's {@code value}, parsed from its UTF-8 bytes by Jackson as a user of the plain driver would. */
    static Object parsedValue(byte[] envelope) {
        try {
            return MAPPER.readValue(envelope, Map.class).get("value");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An envelope of {@code value} written by Jackson as a user of the plain driver would: the value and the time. */
    static byte[] envelopeBytes(Map<String, Object> value) {
        try {
            return MAPPER.writeValueAsBytes(Map.of("created_at", java.time.Instant.now().toString(), "value", value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void close() {
        store.close();
        bytesConnection.close();
        connection.close();
        client.shutdown();
    }
}
