package dev.reactivekv.tck.wrapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.ReadOnlyException;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import dev.reactivekv.wrapper.Wrappers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;

/**
 * A read-only view refuses every write on purpose, so the kit cannot write through it. Adapted:
 * the kit's writes go straight to the MemoryStore (as another writer of a shared store would),
 * while every read, scan, page, collection listing and watch goes through the read-only view,
 * which must keep their whole contract. {@link #writesThroughTheViewAreRefused} checks the refusal.
 */
class ReadOnlyConformanceTest extends WrapperConformanceSupport {

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        return new WritesBypassTheView(KeyValue.of(memory).with(Wrappers.readOnly()).build(), memory);
    }

    /** Reads through the view, writes to the raw store. */
    static final class WritesBypassTheView extends ForwardingKeyValueStore {
        private final KeyValueStore raw;

        WritesBypassTheView(KeyValueStore view, KeyValueStore raw) {
            super(view);
            this.raw = raw;
        }

        @Override
        public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
            return raw.put(collection, key, value, ttl);
        }

        @Override
        public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
            return raw.putMany(collection, entries, ttl);
        }

        @Override
        public Mono<Boolean> delete(String collection, String key) {
            return raw.delete(collection, key);
        }

        @Override
        public Mono<Long> deleteMany(String collection, List<String> keys) {
            return raw.deleteMany(collection, keys);
        }

        @Override
        public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
            return raw.putIfAbsent(collection, key, value, ttl);
        }

        @Override
        public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                           Map<String, ?> value, @Nullable Duration ttl) {
            return raw.compareAndSet(collection, key, expectedVersion, value, ttl);
        }

        @Override
        public Mono<Boolean> destroyCollection(String collection) {
            return raw.destroyCollection(collection);
        }
    }

    @Test
    void writesThroughTheViewAreRefused() {
        KeyValueStore memory = memory(Clock.systemUTC());
        KeyValueStore view = KeyValue.of(memory).with(Wrappers.readOnly()).build();
        memory.put(collection(), "k", value("v"), null).block();
        StepVerifier.create(view.put(collection(), "k", value("x"), null)).expectError(ReadOnlyException.class).verify();
        StepVerifier.create(view.putMany(collection(), Map.of("a", value("x")), null)).expectError(ReadOnlyException.class).verify();
        StepVerifier.create(view.delete(collection(), "k")).expectError(ReadOnlyException.class).verify();
        StepVerifier.create(view.deleteMany(collection(), List.of("k"))).expectError(ReadOnlyException.class).verify();
        StepVerifier.create(view.putIfAbsent(collection(), "n", value("x"), null)).expectError(ReadOnlyException.class).verify();
        StepVerifier.create(view.compareAndSet(collection(), "k", "v", value("x"), null)).expectError(ReadOnlyException.class).verify();
        StepVerifier.create(view.destroyCollection(collection())).expectError(ReadOnlyException.class).verify();
        StepVerifier.create(view.get(collection(), "k")).expectNext(value("v")).verifyComplete();
        StepVerifier.create(memory.keys(collection())).expectNext("k").verifyComplete();

        KeyValueStore quiet = KeyValue.of(memory).with(Wrappers.readOnly(false)).build();
        StepVerifier.create(quiet.put(collection(), "k", value("x"), null)).verifyComplete();
        StepVerifier.create(quiet.delete(collection(), "k")).expectNext(false).verifyComplete();
        StepVerifier.create(quiet.deleteMany(collection(), List.of("k"))).expectNext(0L).verifyComplete();
        StepVerifier.create(view.get(collection(), "k")).expectNext(value("v")).verifyComplete();
        view.close();
    }
}
