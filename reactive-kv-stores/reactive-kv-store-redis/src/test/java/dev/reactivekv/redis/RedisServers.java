package dev.reactivekv.redis;

import java.util.Arrays;
import java.util.List;

/** Where the test servers started by {@code scripts/servers start} listen (env vars with the documented defaults). */
public final class RedisServers {

    private RedisServers() {
    }

    public static int redisPort() {
        return Integer.parseInt(env("RKV_REDIS_PORT", "16379"));
    }

    public static int valkeyPort() {
        return Integer.parseInt(env("RKV_VALKEY_PORT", "16380"));
    }

    public static List<Integer> clusterPorts() {
        return Arrays.stream(env("RKV_REDIS_CLUSTER_PORTS", "17001,17002,17003").split("[, ]+"))
                .map(Integer::parseInt).toList();
    }

    public static String redisBinary() {
        return env("RKV_REDIS_BIN", "redis-server");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
