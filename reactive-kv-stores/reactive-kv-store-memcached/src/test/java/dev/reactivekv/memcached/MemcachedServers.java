package dev.reactivekv.memcached;

/** Where the memcached started by {@code scripts/servers start} listens ({@code RKV_MEMCACHED_PORT}, default 21211). */
final class MemcachedServers {

    private MemcachedServers() {
    }

    static int port() {
        return Integer.parseInt(env("RKV_MEMCACHED_PORT", "21211"));
    }

    static String uri() {
        return "memcached://127.0.0.1:" + port();
    }

    static String binary() {
        return env("RKV_MEMCACHED_BIN", "memcached");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
