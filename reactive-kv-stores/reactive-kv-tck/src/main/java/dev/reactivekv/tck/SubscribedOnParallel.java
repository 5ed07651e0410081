package dev.reactivekv.tck;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The store under test with every operation subscribed on {@link Schedulers#parallel()}: the kit's
 * second pass, so that a store that blocks while it is subscribed or requested from (a synchronous
 * driver call, a lock, file I/O off its own scheduler) fails under BlockHound, whatever thread the
 * contract itself runs on.
 *
 * <p>The store's method is called at once, on the caller's thread, as the contract calls it; only the
 * subscription moves. So laziness and "nothing is thrown from the call" are still the store's own.
 */
final class SubscribedOnParallel extends ForwardingKeyValueStore {

    SubscribedOnParallel(KeyValueStore store) {
        super(store);
    }

    /** The store under this decorator. */
    KeyValueStore store() {
        return delegate();
    }

    private static <T> Mono<T> on(Mono<T> call) {
        return call.subscribeOn(Schedulers.parallel());
    }

    private static <T> Flux<T> on(Flux<T> call) {
        return call.subscribeOn(Schedulers.parallel());
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return on(super.get(collection, key));
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return on(super.ttl(collection, key));
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return on(super.put(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return on(super.delete(collection, key));
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return on(super.exists(collection, key));
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return on(super.getMany(collection, keys));
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return on(super.ttlMany(collection, keys));
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return on(super.putMany(collection, entries, ttl));
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return on(super.deleteMany(collection, keys));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return on(super.putIfAbsent(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return on(super.compareAndSet(collection, key, expectedVersion, value, ttl));
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return on(super.keys(collection, options));
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return on(super.keyPage(collection, options));
    }

    @Override
    public Flux<String> collections() {
        return on(super.collections());
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return on(super.destroyCollection(collection));
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return on(super.watch(collection, filter));
    }
}
