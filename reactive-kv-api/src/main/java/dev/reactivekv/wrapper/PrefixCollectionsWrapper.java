package dev.reactivekv.wrapper;

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
import dev.reactivekv.spi.Validation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * py-key-value's prefix-collections wrapper: collection {@code c} is stored as {@code prefix__c}.
 * {@link #collections()} lists only this prefix's collections, stripped; watch events carry the
 * caller's collection name. Names are validated before the prefix is added.
 */
final class PrefixCollectionsWrapper extends ForwardingKeyValueStore {

    private final String prefix;

    PrefixCollectionsWrapper(KeyValueStore delegate, String prefix) {
        super(delegate);
        this.prefix = prefix + "__";
    }

    private String c(String collection) {
        return prefix + Validation.collection(collection);
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return Mono.defer(() -> delegate().get(c(collection), key));
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return Mono.defer(() -> delegate().ttl(c(collection), key));
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().put(c(collection), key, value, ttl));
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return Mono.defer(() -> delegate().delete(c(collection), key));
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return Mono.defer(() -> delegate().exists(c(collection), key));
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return Flux.defer(() -> delegate().getMany(c(collection), keys));
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return Flux.defer(() -> delegate().ttlMany(c(collection), keys));
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().putMany(c(collection), entries, ttl));
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return Mono.defer(() -> delegate().deleteMany(c(collection), keys));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().putIfAbsent(c(collection), key, value, ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().compareAndSet(c(collection), key, expectedVersion, value, ttl));
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return Flux.defer(() -> delegate().keys(c(collection), options));
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return Mono.defer(() -> delegate().keyPage(c(collection), options));
    }

    @Override
    public Flux<String> collections() {
        return delegate().collections().filter(n -> n.startsWith(prefix)).map(n -> n.substring(prefix.length()));
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return Mono.defer(() -> delegate().destroyCollection(c(collection)));
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return Flux.defer(() -> delegate().watch(c(collection), filter))
                .map(e -> new KeyEvent(e.type(), collection, e.key()));
    }
}
