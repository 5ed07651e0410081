package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.ReadOnlyException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * py-key-value's read-only wrapper: every write ({@code put}, {@code putMany}, {@code delete},
 * {@code deleteMany}, {@code putIfAbsent}, {@code compareAndSet}, {@code destroyCollection})
 * fails with {@link ReadOnlyException} before reaching the wrapped store, or, when configured not
 * to raise, does nothing and reports that nothing changed ({@code false} / {@code 0}).
 * Reads, scans and watch pass through (watch still sees writes made by others).
 */
final class ReadOnlyWrapper extends ForwardingKeyValueStore {

    private final boolean raise;

    ReadOnlyWrapper(KeyValueStore delegate, boolean raise) {
        super(delegate);
        this.raise = raise;
    }

    private <T> Mono<T> refuse(String operation, @Nullable String collection, String key, T instead) {
        if (raise) {
            return Mono.error(new ReadOnlyException("Store is read-only: (operation: " + operation
                    + ";collection: " + (collection == null ? "default" : collection) + ";key: " + key + ")"));
        }
        return Mono.just(instead);
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return refuse("put", collection, String.valueOf(key), Boolean.TRUE).then();
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return refuse("put_many", collection, (entries == null ? 0 : entries.size()) + " keys", Boolean.TRUE).then();
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return refuse("delete", collection, String.valueOf(key), false);
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return refuse("delete_many", collection, (keys == null ? 0 : keys.size()) + " keys", 0L);
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return refuse("put_if_absent", collection, String.valueOf(key), false);
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return refuse("compare_and_set", collection, String.valueOf(key), false);
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return refuse("destroy_collection", collection, "N/A", false);
    }
}
