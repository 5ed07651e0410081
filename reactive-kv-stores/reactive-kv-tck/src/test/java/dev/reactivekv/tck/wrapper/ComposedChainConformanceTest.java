package dev.reactivekv.tck.wrapper;

import java.time.Clock;
import java.time.Duration;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrappers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A realistic deep chain keeps the contract as a whole: layers compose without leaking into each other. */
class ComposedChainConformanceTest extends WrapperConformanceSupport {

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        return KeyValue.of(memory)
                .with(Wrappers.encryption().key(EncryptionWrapperTest.KEY_A))
                .with(Wrappers.compression(64)) // outside encryption: compress plaintext, then encrypt
                .with(Wrappers.singleCollection("everything"))
                .with(Wrappers.prefixKeys("app"))
                .with(Wrappers.passthroughCache(memory(clock)))
                .with(Wrappers.timeout(Duration.ofSeconds(30)))
                .with(Wrappers.retry())
                .with(Wrappers.statistics(new SimpleMeterRegistry()))
                .with(Wrappers.logging())
                .build();
    }
}
