package dev.reactivekv.wrapper;

import java.util.List;
import java.util.Map;

import dev.reactivekv.Entry;
import dev.reactivekv.spi.JsonValues;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.wrapper.internal.Reads;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * py-key-value's default-value wrapper: {@code get}, {@code ttl}, {@code getMany} and
 * {@code ttlMany} answer a miss with the default value (immutable, validated when the wrapper is
 * built). Nothing is written. A default {@link Entry} has version {@link #DEFAULT_VERSION}, which
 * never matches a stored entry, no creation time, and the configured default TTL as its remaining
 * time. {@code exists}, scans and watch report what is really stored.
 */
final class DefaultValueWrapper extends ForwardingKeyValueStore {

    /** The version of a default entry; {@code compareAndSet} with it never succeeds. */
    static final String DEFAULT_VERSION = "default-value";

    private final Map<String, Object> value;
    private final java.time.@Nullable Duration ttl;

    DefaultValueWrapper(KeyValueStore delegate, Map<String, ?> value, java.time.@Nullable Duration ttl) {
        super(delegate);
        this.value = JsonValues.copyObject(value);
        this.ttl = ttl;
    }

    private Entry defaultEntry() {
        return new Entry(value, DEFAULT_VERSION, null, null, ttl);
    }

    private Lookup orDefault(Lookup l) {
        return l.isHit() ? l : new Lookup(l.key(), defaultEntry());
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return Reads.orElseGet(delegate().get(collection, key), () -> value);
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return Reads.orElseGet(delegate().ttl(collection, key), this::defaultEntry);
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return delegate().getMany(collection, keys).map(this::orDefault);
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return delegate().ttlMany(collection, keys).map(this::orDefault);
    }
}
