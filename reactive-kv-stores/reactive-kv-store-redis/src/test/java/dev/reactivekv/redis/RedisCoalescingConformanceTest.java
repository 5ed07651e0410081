package dev.reactivekv.redis;

import java.time.Clock;

import dev.reactivekv.KeyValueStore;

/**
 * The whole kit again with {@code coalesce=true} on the standalone server: single gets and puts go through
 * the coalescer's batches (the kit's concurrent contracts make real batches), every other operation as before.
 */
class RedisCoalescingConformanceTest extends RedisStoreConformanceTest {

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return RedisStore.builder(uri() + "?coalesce=true").clock(clock).build();
    }
}
