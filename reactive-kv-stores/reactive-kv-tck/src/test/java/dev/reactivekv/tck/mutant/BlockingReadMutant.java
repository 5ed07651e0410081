package dev.reactivekv.tck.mutant;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import reactor.core.publisher.Mono;

/**
 * A get that makes a blocking call on whatever thread subscribes (a synchronous driver behind
 * {@code Mono.defer}). Called from the test thread it passes; the kit's ON_PARALLEL pass subscribes
 * on a non-blocking thread, where BlockHound fails it.
 */
class BlockingReadMutant extends MemoryMutant implements BasicContract {

    @Override
    protected KeyValueStore mutate(KeyValueStore memory) {
        return new ForwardingKeyValueStore(memory) {
            @Override
            public Mono<Map<String, Object>> get(String collection, String key) {
                return Mono.defer(() -> {
                    LockSupport.parkNanos(1_000_000);
                    return super.get(collection, key);
                });
            }
        };
    }
}
