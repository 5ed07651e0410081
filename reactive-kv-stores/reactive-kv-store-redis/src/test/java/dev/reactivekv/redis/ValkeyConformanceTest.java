package dev.reactivekv.redis;

/** The whole kit again against a real Valkey 8 server, opened with a {@code valkey://} URI. */
class ValkeyConformanceTest extends RedisStoreConformanceTest {

    @Override
    protected String uri() {
        return "valkey://127.0.0.1:" + RedisServers.valkeyPort() + "/0";
    }

    @Override
    protected RawRedis openRaw() {
        return RawRedis.standalone(RedisServers.valkeyPort());
    }
}
