package dev.reactivekv.tck.wrapper;

import java.time.Clock;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrappers;

/** The Encryption wrapper over MemoryStore keeps the whole contract, unchanged. */
class EncryptionConformanceTest extends WrapperConformanceSupport {

    /** A fixed Fernet key, as Python's Fernet.generate_key() makes them. */
    static final String KEY = "znx7rVYt4roVgu3ymt5sIYFmfMNGEPbm8AShXQv6CY4=";

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        return KeyValue.of(memory).with(Wrappers.encryption().key(KEY).build()).build();
    }
}
