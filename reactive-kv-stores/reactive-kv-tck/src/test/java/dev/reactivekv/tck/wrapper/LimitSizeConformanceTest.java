package dev.reactivekv.tck.wrapper;

import java.time.Clock;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrappers;

/**
 * The LimitSize wrapper over MemoryStore keeps the whole contract for values within its limits.
 * The limit is 1 MiB, not py-key-value's 20 KiB test setting, because the kit's large cases include
 * a ~30 KB value that a 20 KiB limit would skip on purpose; skipping and refusing are tested in
 * LimitSizeWrapperTest.
 */
class LimitSizeConformanceTest extends WrapperConformanceSupport {

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        return KeyValue.of(memory).with(Wrappers.limitSize().max(1024 * 1024).raiseOnTooLarge(false).raiseOnTooSmall(false)).build();
    }
}
