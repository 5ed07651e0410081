package dev.reactivekv.wrapper;

import dev.reactivekv.wrapper.internal.Operation;
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
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Base of wrappers that apply the same treatment to every call (retry, timeout, statistics,
 * logging): each operation's publisher goes through {@link #mono} or {@link #flux} with the
 * operation, the collection and a description of the key. Watch goes through {@link #watchFlux},
 * which by default passes it on unchanged.
 */
abstract class InterceptingStore extends ForwardingKeyValueStore {

    InterceptingStore(KeyValueStore delegate) {
        super(delegate);
    }

    abstract <T> Mono<T> mono(Operation op, @Nullable String collection, @Nullable Object key, Mono<T> call);

    abstract <T> Flux<T> flux(Operation op, @Nullable String collection, @Nullable Object key, Flux<T> call);

    Flux<KeyEvent> watchFlux(@Nullable String collection, Flux<KeyEvent> call) {
        return call;
    }

    static Object many(java.util.@Nullable Collection<?> keys) {
        return keys == null ? "null" : keys.size() + " keys";
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return mono(Operation.GET, collection, key, delegate().get(collection, key));
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return mono(Operation.TTL, collection, key, delegate().ttl(collection, key));
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return mono(Operation.PUT, collection, key, delegate().put(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return mono(Operation.DELETE, collection, key, delegate().delete(collection, key));
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return mono(Operation.EXISTS, collection, key, delegate().exists(collection, key));
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return flux(Operation.GET_MANY, collection, many(keys), delegate().getMany(collection, keys));
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return flux(Operation.TTL_MANY, collection, many(keys), delegate().ttlMany(collection, keys));
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return mono(Operation.PUT_MANY, collection, entries == null ? "null" : many(entries.keySet()),
                delegate().putMany(collection, entries, ttl));
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return mono(Operation.DELETE_MANY, collection, many(keys), delegate().deleteMany(collection, keys));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return mono(Operation.PUT_IF_ABSENT, collection, key, delegate().putIfAbsent(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return mono(Operation.COMPARE_AND_SET, collection, key,
                delegate().compareAndSet(collection, key, expectedVersion, value, ttl));
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return flux(Operation.KEYS, collection, null, delegate().keys(collection, options));
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return mono(Operation.KEY_PAGE, collection, null, delegate().keyPage(collection, options));
    }

    @Override
    public Flux<String> collections() {
        return flux(Operation.COLLECTIONS, null, null, delegate().collections());
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return mono(Operation.DESTROY_COLLECTION, collection, null, delegate().destroyCollection(collection));
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return watchFlux(collection, delegate().watch(collection, filter));
    }
}
