package dev.reactivekv.tck.wrapper;

import java.time.Clock;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrappers;

/** A healthy primary with a fallback: the wrapper must be invisible (own tests cover falling back). */
class FallbackConformanceTest extends WrapperConformanceSupport {

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        return KeyValue.of(memory).with(Wrappers.fallback(memory(clock)).writes(true)).build();
    }
}
