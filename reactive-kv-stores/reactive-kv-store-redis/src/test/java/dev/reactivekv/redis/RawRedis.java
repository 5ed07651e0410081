package dev.reactivekv.redis;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/** A plain Lettuce client, independent of the store: the "other process" of cross-process tests, and the server's own counters. */
final class RawRedis implements AutoCloseable {

    private static final Pattern SCAN_CALLS = Pattern.compile("(?m)^cmdstat_scan:calls=(\\d+)");
    private static final RedisCodec<String, byte[]> BYTES = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final io.lettuce.core.AbstractRedisClient client;
    private final List<StatefulConnection<?, ?>> connections;
    private final RedisClusterCommands<String, String> sync;
    private final RedisClusterCommands<String, byte[]> bytes;
    /** {@code INFO commandstats} of every node that holds data. */
    private final Supplier<List<String>> commandStats;

    private RawRedis(io.lettuce.core.AbstractRedisClient client, List<StatefulConnection<?, ?>> connections,
                     RedisClusterCommands<String, String> sync, RedisClusterCommands<String, byte[]> bytes,
                     Supplier<List<String>> commandStats) {
        this.client = client;
        this.connections = connections;
        this.sync = sync;
        this.bytes = bytes;
        this.commandStats = commandStats;
    }

    static RawRedis standalone(int port) {
        return standalone(RedisClient.create(RedisURI.create("127.0.0.1", port)));
    }

    /** Over TLS, trusting the test CA ({@code RKV_REDIS_TLS_CA}). */
    static RawRedis tls(int port) {
        RedisClient client = RedisClient.create(RedisURI.Builder.redis("127.0.0.1", port).withSsl(true).build());
        client.setOptions(ClientOptions.builder().sslOptions(TlsOptions.trusting(new File(RedisServers.tlsCa()))).build());
        return standalone(client);
    }

    /** The master the Sentinels name, reached through them. */
    static RawRedis sentinel(List<Integer> sentinelPorts, String masterId) {
        RedisURI.Builder uri = RedisURI.Builder.sentinel("127.0.0.1", sentinelPorts.get(0), masterId);
        sentinelPorts.subList(1, sentinelPorts.size()).forEach(p -> uri.withSentinel("127.0.0.1", p));
        return standalone(RedisClient.create(uri.build()));
    }

    private static RawRedis standalone(RedisClient client) {
        var c = client.connect();
        var b = client.connect(BYTES);
        return new RawRedis(client, List.of(c, b), c.sync(), b.sync(), () -> List.of(c.sync().info("commandstats")));
    }

    static RawRedis cluster(List<Integer> ports) {
        RedisClusterClient client = RedisClusterClient.create(ports.stream().map(p -> RedisURI.create("127.0.0.1", p)).toList());
        StatefulRedisClusterConnection<String, String> c = client.connect();
        var b = client.connect(BYTES);
        return new RawRedis(client, List.of(c, b), c.sync(), b.sync(), () -> {
            List<String> stats = new ArrayList<>();
            for (RedisClusterNode n : c.getPartitions()) {
                if (n.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    stats.add(c.getConnection(n.getNodeId()).sync().info("commandstats"));
                }
            }
            return stats;
        });
    }

    RedisClusterCommands<String, String> sync() {
        return sync;
    }

    /** Writes these exact bytes, with no text encoding in between. */
    void setBytes(String key, byte[] value) {
        bytes.set(key, value);
    }

    byte[] getBytes(String key) {
        return bytes.get(key);
    }

    /** SCAN commands the server (every master of a cluster) has executed since it started: its own count. */
    long scanCalls() {
        long sum = 0;
        for (String info : commandStats.get()) {
            Matcher m = SCAN_CALLS.matcher(info);
            if (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        connections.forEach(StatefulConnection::close);
        client.shutdown();
    }
}
