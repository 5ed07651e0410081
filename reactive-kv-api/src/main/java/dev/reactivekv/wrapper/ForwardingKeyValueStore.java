package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.reactivekv.Capability;
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
 * A store that forwards every operation, unchanged, to the store it wraps. Extend it and override
 * only what a wrapper changes; everything else keeps the wrapped store's contract, threads and
 * errors as they are.
 *
 * <p>{@link #close()} closes the wrapped store: a wrapper owns what it wraps, so closing the
 * outermost layer of a chain releases the whole chain.
 */
public abstract class ForwardingKeyValueStore implements KeyValueStore {

    private final KeyValueStore delegate;

    protected ForwardingKeyValueStore(KeyValueStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped store. */
    protected final KeyValueStore delegate() {
        return delegate;
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return delegate.get(collection, key);
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return delegate.ttl(collection, key);
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return delegate.put(collection, key, value, ttl);
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return delegate.delete(collection, key);
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return delegate.exists(collection, key);
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return delegate.getMany(collection, keys);
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return delegate.ttlMany(collection, keys);
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return delegate.putMany(collection, entries, ttl);
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return delegate.deleteMany(collection, keys);
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return delegate.putIfAbsent(collection, key, value, ttl);
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return delegate.compareAndSet(collection, key, expectedVersion, value, ttl);
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return delegate.keys(collection, options);
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return delegate.keyPage(collection, options);
    }

    @Override
    public Flux<String> collections() {
        return delegate.collections();
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return delegate.destroyCollection(collection);
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return delegate.watch(collection, filter);
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + delegate + ")";
    }
}
