package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.reactivekv.Entry;
import dev.reactivekv.spi.JsonValues;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.wrapper.internal.Reads;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Base of wrappers that store a different value than the caller's (encryption, compression):
 * every write encodes the canonical value, every read decodes what is stored. Encoding and
 * decoding run on the thread that delivers the signal (pure CPU work, no I/O).
 */
abstract class ValueTransformingStore extends ForwardingKeyValueStore {

    /** The decoding steps of {@code get} and {@code ttl}, made once rather than as a method reference per read. */
    private final Function<Map<String, Object>, @Nullable Map<String, Object>> decodeValue = this::decode;
    private final Function<Entry, @Nullable Entry> decodeEntry = this::decode;

    ValueTransformingStore(KeyValueStore delegate) {
        super(delegate);
    }

    /** The value to store for a canonical caller value; may throw a {@code KeyValueException}. */
    abstract Map<String, Object> encode(Map<String, Object> value);

    /** The caller's value for a stored one, or {@code null} to report a miss; may throw a {@code KeyValueException}. */
    abstract @Nullable Map<String, Object> decode(Map<String, Object> stored);

    private Map<String, Object> encodeAny(Map<String, ?> value) {
        return encode(JsonValues.copyObject(value));
    }

    private @Nullable Entry decode(@Nullable Entry e) {
        if (e == null) {
            return null;
        }
        Map<String, Object> v = decode(e.value());
        if (v == e.value()) {
            return e; // stored as is (not transformed): the same entry, its version still unasked
        }
        // the version is the stored entry's, worked out only if the caller asks for it
        return v == null ? null : Entry.withLazyVersion(v, e::version, e.createdAt(), e.expiresAt(), e.ttl());
    }

    private Lookup decode(Lookup l) {
        Entry e = decode(l.entry());
        return e == null ? Lookup.miss(l.key()) : (e == l.entry() ? l : new Lookup(l.key(), e));
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return Reads.map(delegate().get(collection, key), decodeValue);
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return Reads.map(delegate().ttl(collection, key), decodeEntry);
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return delegate().getMany(collection, keys).map(this::decode);
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return delegate().ttlMany(collection, keys).map(this::decode);
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().put(collection, key, encodeAny(value), ttl));
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return Mono.defer(() -> {
            if (entries == null) {
                return delegate().putMany(collection, null, ttl);
            }
            Map<String, Map<String, Object>> encoded = new LinkedHashMap<>();
            for (Map.Entry<String, ? extends Map<String, ?>> e : entries.entrySet()) {
                encoded.put(e.getKey(), encodeAny(e.getValue()));
            }
            return delegate().putMany(collection, encoded, ttl);
        });
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().putIfAbsent(collection, key, encodeAny(value), ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().compareAndSet(collection, key, expectedVersion, encodeAny(value), ttl));
    }
}
