package dev.reactivekv.tck.wrapper;

import java.time.Clock;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrappers;

/** MemoryStore primary, MemoryStore cache on the same clock: cached reads must obey every contract, TTL included. */
class PassthroughCacheConformanceTest extends WrapperConformanceSupport {

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        return KeyValue.of(memory).with(Wrappers.passthroughCache(memory(clock))).build();
    }
}
