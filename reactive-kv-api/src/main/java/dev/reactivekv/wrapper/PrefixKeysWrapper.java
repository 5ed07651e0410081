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
 * py-key-value's prefix-keys wrapper: key {@code k} is stored as {@code prefix__k} in the same
 * collection. Scans see only this prefix's keys, stripped, in the wrapped store's order; watch
 * events are stripped too. {@link #destroyCollection} removes only this prefix's keys, so
 * several prefixes can share one collection. {@link #collections()} is the wrapped store's list.
 */
final class PrefixKeysWrapper extends ForwardingKeyValueStore {

    private final KeyPrefix prefix;

    PrefixKeysWrapper(KeyValueStore delegate, String prefix) {
        super(delegate);
        this.prefix = new KeyPrefix(prefix + "__");
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return Mono.defer(() -> delegate().get(collection, prefix.add(key)));
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return Mono.defer(() -> delegate().ttl(collection, prefix.add(key)));
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().put(collection, prefix.add(key), value, ttl));
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return Mono.defer(() -> delegate().delete(collection, prefix.add(key)));
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return Mono.defer(() -> delegate().exists(collection, prefix.add(key)));
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return Flux.defer(() -> delegate().getMany(collection, prefix.addAll(keys))).map(this::strip);
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return Flux.defer(() -> delegate().ttlMany(collection, prefix.addAll(keys))).map(this::strip);
    }

    private Lookup strip(Lookup l) {
        return new Lookup(prefix.strip(l.key()), l.entry());
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().putMany(collection, entries == null ? null : prefix.addAll(entries), ttl));
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return Mono.defer(() -> delegate().deleteMany(collection, prefix.addAll(keys)));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().putIfAbsent(collection, prefix.add(key), value, ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().compareAndSet(collection, prefix.add(key), expectedVersion, value, ttl));
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return Flux.defer(() -> delegate().keys(collection, prefix.scan(options))).map(prefix::strip);
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return Mono.defer(() -> delegate().keyPage(collection, prefix.scan(options))).map(prefix::page);
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return Mono.defer(() -> prefix.destroy(delegate(), Validation.collection(collection)));
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return Flux.defer(() -> delegate().watch(collection, prefix.filter(filter)))
                .map(e -> prefix.event(e, e.collection()));
    }
}
