package dev.reactivekv.tck.mutant;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.reactivekv.Capability;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.tck.CorruptEntryContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.fixture.BytesStore;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.junit.jupiter.api.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A store that hides a corrupt entry: reads of it come back as a miss instead of a DeserializationException. */
@Tag("mutant")
class CorruptAsMissMutant extends StoreTestSupport implements CorruptEntryContract {

    private BytesStore backend;

    @Override
    protected KeyValueStore createStore(Clock clock) {
        BytesStore bytes = new BytesStore(clock, Set.of(Capability.SCAN));
        if (backend == null) {
            backend = bytes;
        }
        return new ForwardingKeyValueStore(bytes) {
            @Override
            public Mono<Map<String, Object>> get(String collection, String key) {
                return super.get(collection, key).onErrorResume(DeserializationException.class, e -> Mono.empty());
            }

            @Override
            public Mono<Entry> ttl(String collection, String key) {
                return super.ttl(collection, key).onErrorResume(DeserializationException.class, e -> Mono.empty());
            }

            @Override
            public Flux<Lookup> getMany(String collection, List<String> keys) {
                return oneByOne(collection, keys, super.getMany(collection, keys));
            }

            @Override
            public Flux<Lookup> ttlMany(String collection, List<String> keys) {
                return oneByOne(collection, keys, super.ttlMany(collection, keys));
            }

            /** On a corrupt entry anywhere in the batch, reads key by key and counts the corrupt ones as misses. */
            private Flux<Lookup> oneByOne(String collection, List<String> keys, Flux<Lookup> batch) {
                return batch.collectList()
                        .onErrorResume(DeserializationException.class, e -> Flux.fromIterable(keys)
                                .concatMap(k -> ttl(collection, k).map(entry -> new Lookup(k, entry)).defaultIfEmpty(Lookup.miss(k)))
                                .collectList())
                        .flatMapIterable(all -> all);
            }
        };
    }

    @Override
    public void writeCorrupt(String collection, String key) {
        backend.plantCorrupt(collection, key);
    }
}
