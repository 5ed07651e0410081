package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Entry;
import dev.reactivekv.error.InvalidCollectionException;
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
 * py-key-value's single-collection wrapper: every entry lives in one collection of the wrapped
 * store, key {@code k} of collection {@code c} stored as {@code c__k}. Scans and watch map back
 * to the caller's collection and key.
 *
 * <p>Unlike py-key-value, a collection name containing the separator is refused with
 * {@link InvalidCollectionException}: otherwise {@code ("a__b", "c")} and {@code ("a", "b__c")}
 * would share the stored key {@code a__b__c}. {@link #collections()} scans the single
 * collection's keys and remembers the distinct names it has emitted (memory grows with the
 * number of collections, not keys).
 */
final class SingleCollectionWrapper extends ForwardingKeyValueStore {

    private final String single;
    private final String separator;

    SingleCollectionWrapper(KeyValueStore delegate, String single, String separator) {
        super(delegate);
        this.single = Validation.collection(single);
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("separator must not be empty");
        }
        this.separator = separator;
    }

    private KeyPrefix p(String collection) {
        Validation.collection(collection);
        if (collection.contains(separator)) {
            throw new InvalidCollectionException("Invalid collection '" + collection + "': contains the separator '"
                    + separator + "' of the single-collection wrapper");
        }
        return new KeyPrefix(collection + separator);
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return Mono.defer(() -> delegate().get(single, p(collection).add(key)));
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return Mono.defer(() -> delegate().ttl(single, p(collection).add(key)));
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().put(single, p(collection).add(key), value, ttl));
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return Mono.defer(() -> delegate().delete(single, p(collection).add(key)));
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return Mono.defer(() -> delegate().exists(single, p(collection).add(key)));
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return Flux.defer(() -> {
            KeyPrefix p = p(collection);
            return delegate().getMany(single, p.addAll(keys)).map(l -> new Lookup(p.strip(l.key()), l.entry()));
        });
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return Flux.defer(() -> {
            KeyPrefix p = p(collection);
            return delegate().ttlMany(single, p.addAll(keys)).map(l -> new Lookup(p.strip(l.key()), l.entry()));
        });
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return Mono.defer(() -> {
            KeyPrefix p = p(collection);
            return delegate().putMany(single, entries == null ? null : p.addAll(entries), ttl);
        });
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return Mono.defer(() -> delegate().deleteMany(single, p(collection).addAll(keys)));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().putIfAbsent(single, p(collection).add(key), value, ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().compareAndSet(single, p(collection).add(key), expectedVersion, value, ttl));
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return Flux.defer(() -> {
            KeyPrefix p = p(collection);
            return delegate().keys(single, p.scan(options)).map(p::strip);
        });
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return Mono.defer(() -> {
            KeyPrefix p = p(collection);
            return delegate().keyPage(single, p.scan(options)).map(p::page);
        });
    }

    @Override
    public Flux<String> collections() {
        return delegate().keys(single)
                .filter(k -> k.indexOf(separator) > 0)
                .map(k -> k.substring(0, k.indexOf(separator)))
                .distinct();
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return Mono.defer(() -> p(collection).destroy(delegate(), single));
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return Flux.defer(() -> {
            KeyPrefix p = p(collection);
            return delegate().watch(single, p.filter(filter)).map(e -> p.event(e, collection));
        });
    }
}
