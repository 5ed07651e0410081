package dev.reactivekv.wrapper;

import dev.reactivekv.error.EntryTooSmallException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reactivekv.error.EntryTooLargeException;
import dev.reactivekv.spi.JsonValues;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.Validation;
import dev.reactivekv.spi.EntryCodec;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * py-key-value's limit-size wrapper: a value's size is the length of
 * {@code json.dumps(value, sort_keys=True)}. Below {@code min} (strictly) or above {@code max}
 * (strictly), a write fails with {@link EntryTooSmallException} / {@link EntryTooLargeException},
 * or is skipped silently when so configured ({@code putIfAbsent}/{@code compareAndSet} then emit
 * {@code false}; {@code putMany} writes the entries that fit). Names and TTL are validated first,
 * so bad input is reported as such and never skipped.
 */
final class LimitSizeWrapper extends ForwardingKeyValueStore {

    private final int min;
    private final int max;
    private final boolean raiseOnTooSmall;
    private final boolean raiseOnTooLarge;

    LimitSizeWrapper(KeyValueStore delegate, int min, int max, boolean raiseOnTooSmall, boolean raiseOnTooLarge) {
        super(delegate);
        this.min = min;
        this.max = max;
        this.raiseOnTooSmall = raiseOnTooSmall;
        this.raiseOnTooLarge = raiseOnTooLarge;
    }

    /** The canonical value when it fits, {@code null} when it is to be skipped; throws when it is to fail. */
    private @Nullable Map<String, Object> fit(String collection, String key, @Nullable Map<String, ?> value) {
        Map<String, Object> v = JsonValues.copyObject(value);
        int size = EntryCodec.encodeValue(v).length();
        if (size < min) {
            if (raiseOnTooSmall) {
                throw new EntryTooSmallException(detail("below the minimum", size, "min_size", min, collection, key));
            }
            return null;
        }
        if (size > max) {
            if (raiseOnTooLarge) {
                throw new EntryTooLargeException(detail("exceeds the maximum", size, "max_size", max, collection, key));
            }
            return null;
        }
        return v;
    }

    private static String detail(String what, int size, String limitName, int limit, String collection, String key) {
        return "Entry size " + what + " allowed size.: (size: " + size + ";" + limitName + ": " + limit
                + ";collection: " + collection + ";key: " + key + ")";
    }

    private void checkNames(String collection, String key, @Nullable Duration ttl) {
        Validation.collection(collection);
        Validation.key(key);
        Validation.ttl(ttl);
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> {
            checkNames(collection, key, ttl);
            Map<String, Object> v = fit(collection, key, value);
            return v == null ? Mono.empty() : delegate().put(collection, key, v, ttl);
        });
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return Mono.defer(() -> {
            if (entries == null) {
                return delegate().putMany(collection, null, ttl);
            }
            Validation.collection(collection);
            Validation.ttl(ttl);
            Map<String, Map<String, Object>> kept = new LinkedHashMap<>();
            for (Map.Entry<String, ? extends Map<String, ?>> e : entries.entrySet()) {
                Validation.key(e.getKey());
                Map<String, Object> v = fit(collection, e.getKey(), e.getValue());
                if (v != null) {
                    kept.put(e.getKey(), v);
                }
            }
            return kept.isEmpty() ? Mono.empty() : delegate().putMany(collection, kept, ttl);
        });
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> {
            checkNames(collection, key, ttl);
            Map<String, Object> v = fit(collection, key, value);
            return v == null ? Mono.just(false) : delegate().putIfAbsent(collection, key, v, ttl);
        });
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return Mono.defer(() -> {
            checkNames(collection, key, ttl);
            Map<String, Object> v = fit(collection, key, value);
            return v == null ? Mono.just(false) : delegate().compareAndSet(collection, key, expectedVersion, v, ttl);
        });
    }

}
