package dev.reactivekv.tck.mutant;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** An operation that checks an argument eagerly and throws from the call instead of failing the Mono. */
class SynchronousThrowMutant extends MemoryMutant implements BadInputContract {

    @Override
    protected KeyValueStore mutate(KeyValueStore memory) {
        return new ForwardingKeyValueStore(memory) {
            @Override
            public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                               Map<String, ?> value, @Nullable Duration ttl) {
                Objects.requireNonNull(expectedVersion, "expectedVersion");
                return super.compareAndSet(collection, key, expectedVersion, value, ttl);
            }
        };
    }
}
