package dev.reactivekv.spi;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.reactivekv.Entry;
import dev.reactivekv.internal.Answers;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The {@code get}, {@code ttl} and {@code exists} of a store whose reads are in-memory lookups
 * ({@link AbstractKeyValueStore#readsInMemory()}): one small object per call, evaluated on the
 * subscribing thread at each subscription, with no operator chain. A {@code Callable}, so
 * operators that fuse callables read it directly. What the lookup throws (a closed store, an
 * invalid name) is signalled as {@code onError}. {@link #block()} answers without subscribing, as
 * Reactor's own {@code Mono.just} does: the lookup never waits, so there is nothing to block on, and
 * what it throws is thrown.
 */
abstract sealed class LocalRead<T> extends Mono<T> implements Callable<T> {

    final AbstractKeyValueStore store;
    final String collection;
    final String key;

    private LocalRead(AbstractKeyValueStore store, String collection, String key) {
        this.store = store;
        this.collection = collection;
        this.key = key;
    }

    @Override
    public abstract @Nullable T call();

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Answers.emitCall(actual, this);
    }

    @Override
    public @Nullable T block() {
        return call();
    }

    @Override
    public @Nullable T block(Duration timeout) {
        return call();
    }

    static final class Get extends LocalRead<Map<String, Object>> {
        Get(AbstractKeyValueStore store, String collection, String key) {
            super(store, collection, key);
        }

        @Override
        public @Nullable Map<String, Object> call() {
            return store.liveValue(collection, key);
        }
    }

    static final class Ttl extends LocalRead<Entry> {
        Ttl(AbstractKeyValueStore store, String collection, String key) {
            super(store, collection, key);
        }

        @Override
        public @Nullable Entry call() {
            return store.liveEntryNow(collection, key);
        }
    }

    static final class Exists extends LocalRead<Boolean> {
        Exists(AbstractKeyValueStore store, String collection, String key) {
            super(store, collection, key);
        }

        @Override
        public Boolean call() {
            return store.liveValue(collection, key) != null;
        }
    }
}
