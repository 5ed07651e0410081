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
        return ports("RKV_REDIS_CLUSTER_PORTS", "17001,17002,17003");
    }

    public static String redisBinary() {
        return env("RKV_REDIS_BIN", "redis-server");
    }

    static String valkeyBinary() {
        return env("RKV_VALKEY_BIN", "valkey-server");
    }

    /** The TLS-only redis-server and the throwaway CA that signed its certificate. */
    static int tlsPort() {
        return Integer.parseInt(env("RKV_REDIS_TLS_PORT", "16381"));
    }

    static String tlsCa() {
        return env("RKV_REDIS_TLS_CA", "../../target/servers/tls/ca.crt");
    }

    /** The Sentinel group: its master's name, the Sentinels' ports, and the master's port (never failed over). */
    static String sentinelMaster() {
        return env("RKV_SENTINEL_MASTER", "rkv");
    }

    static List<Integer> sentinelPorts() {
        return ports("RKV_SENTINEL_PORTS", "16384,16385,16386");
    }

    static int sentinelMasterPort() {
        return ports("RKV_SENTINEL_REDIS_PORTS", "16382,16383").get(0);
    }

    private static List<Integer> ports(String name, String fallback) {
        return Arrays.stream(env(name, fallback).split("[, ]+")).map(Integer::parseInt).toList();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
