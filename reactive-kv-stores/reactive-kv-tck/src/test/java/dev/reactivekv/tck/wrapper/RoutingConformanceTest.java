package dev.reactivekv.tck.wrapper;

import java.time.Clock;
import java.util.List;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrappers;

/**
 * Routing by function: the kit's "other" collections go to a second MemoryStore, so isolation,
 * collections() and destroy are exercised across two stores.
 */
class RoutingConformanceTest extends WrapperConformanceSupport {

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        KeyValueStore others = memory(clock);
        return KeyValue.of(memory)
                .with(Wrappers.routing(c -> c.endsWith("-other") ? others : null, List.of(others)))
                .build();
    }
}
