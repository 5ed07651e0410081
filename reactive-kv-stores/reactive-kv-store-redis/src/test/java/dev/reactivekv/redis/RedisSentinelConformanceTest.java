package dev.reactivekv.redis;

import java.util.stream.Collectors;

/**
 * The whole kit through three real Sentinels ({@code redis-sentinel://…?sentinelMasterId=…}) started by
 * {@code scripts/lib/servers.sh}: the store asks them for the master and talks to it. This group never fails
 * over; {@link RedisSentinelFailoverTest} fails over a group of its own.
 */
class RedisSentinelConformanceTest extends RedisStoreConformanceTest {

    @Override
    protected String uri() {
        return "redis-sentinel://" + RedisServers.sentinelPorts().stream().map(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(",")) + "/0?sentinelMasterId=" + RedisServers.sentinelMaster();
    }

    @Override
    protected RawRedis openRaw() {
        return RawRedis.sentinel(RedisServers.sentinelPorts(), RedisServers.sentinelMaster());
    }
}
