package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.Validation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * py-key-value's TTL-clamp wrapper: on every write a missing TTL becomes {@code missingTtl}
 * (which may itself be {@code null}), and a given TTL is first validated (an invalid TTL still
 * fails with {@code InvalidTtlException}) and then clamped into {@code [min, max]}. Reads pass through.
 */
final class TtlClampWrapper extends ForwardingKeyValueStore {

    private final Duration min;
    private final Duration max;
    private final @Nullable Duration missing;

    TtlClampWrapper(KeyValueStore delegate, Duration min, Duration max, @Nullable Duration missing) {
        super(delegate);
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min TTL " + min + " is above max TTL " + max);
        }
        this.min = min;
        this.max = max;
        this.missing = missing == null ? null : Validation.ttl(missing);
    }

    @Nullable Duration clamp(@Nullable Duration ttl) {
        if (ttl == null) {
            return missing;
        }
        Validation.ttl(ttl);
        Duration d = ttl.compareTo(max) > 0 ? max : ttl;
        return d.compareTo(min) < 0 ? min : d;
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().put(collection, key, value, clamp(ttl)));
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().putMany(collection, entries, clamp(ttl)));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().putIfAbsent(collection, key, value, clamp(ttl)));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> delegate().compareAndSet(collection, key, expectedVersion, value, clamp(ttl)));
    }
}
