package dev.reactivekv.redis;

import java.util.stream.Collectors;

/** The whole kit again against the three-master Redis Cluster: slot-split bulk, SCAN over every master, per-node watch. */
class RedisClusterConformanceTest extends RedisStoreConformanceTest {

    @Override
    protected String uri() {
        return "redis-cluster://" + RedisServers.clusterPorts().stream().map(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(","));
    }

    @Override
    protected RawRedis openRaw() {
        return RawRedis.cluster(RedisServers.clusterPorts());
    }
}
