package dev.reactivekv.tck.wrapper;

import java.time.Clock;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrappers;

/** The Compression wrapper over MemoryStore keeps the whole contract, unchanged. */
class CompressionConformanceTest extends WrapperConformanceSupport {

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        return KeyValue.of(memory).with(Wrappers.compression()).build();
    }
}
