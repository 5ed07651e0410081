package dev.reactivekv.tck.mutant;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.TtlContract;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A get that answers from what was last written when the store has nothing: a near cache that keeps
 * values past their expiry. Deletes are honoured; only expired entries come back.
 */
class ExpiredGetMutant extends MemoryMutant implements TtlContract {

    /** Expiry in real time is polled this long; the mutant never expires, so there is no point waiting longer. */
    @Override
    public Duration patience() {
        return Duration.ofSeconds(3);
    }

    @Override
    protected KeyValueStore mutate(KeyValueStore memory) {
        return new ForwardingKeyValueStore(memory) {
            final Map<String, Map<String, Object>> written = new ConcurrentHashMap<>();

            String id(String collection, String key) {
                return collection + '\u0000' + key;
            }

            @Override
            public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
                return super.put(collection, key, value, ttl)
                        .doOnSuccess(done -> written.put(id(collection, key), Collections.unmodifiableMap(new HashMap<>(value))));
            }

            @Override
            public Mono<Boolean> delete(String collection, String key) {
                return super.delete(collection, key).doOnSuccess(done -> written.remove(id(collection, key)));
            }

            @Override
            public Mono<Long> deleteMany(String collection, List<String> keys) {
                return super.deleteMany(collection, keys).doOnSuccess(done -> keys.forEach(k -> written.remove(id(collection, k))));
            }

            @Override
            public Mono<Map<String, Object>> get(String collection, String key) {
                return super.get(collection, key).switchIfEmpty(Mono.fromSupplier(() -> written.get(id(collection, key))));
            }
        };
    }
}
