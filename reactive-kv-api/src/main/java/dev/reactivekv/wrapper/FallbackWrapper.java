package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.ScanOptions;
import org.jspecify.annotations.Nullable;
import dev.reactivekv.internal.Answers;
import dev.reactivekv.wrapper.internal.Reads;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * py-key-value's fallback wrapper: a read that fails on the primary (the wrapped store) with one
 * of the chosen errors is answered by the fallback store. Writes go to the primary only, unless
 * writes fall back too. Streams ({@code keys}, {@code getMany}, {@code collections}) fall back
 * only when the primary fails before emitting anything, so nothing is emitted twice. Watch is the
 * primary's. Capabilities are the primary's. {@link #close()} closes both stores.
 */
final class FallbackWrapper extends ForwardingKeyValueStore {

    private final KeyValueStore fallback;
    private final Predicate<Throwable> on;
    private final boolean writes;

    FallbackWrapper(KeyValueStore primary, KeyValueStore fallback, Predicate<Throwable> on, boolean writes) {
        super(primary);
        this.fallback = fallback;
        this.on = on;
        this.writes = writes;
    }

    private <T> Mono<T> read(Function<KeyValueStore, Mono<T>> op) {
        Mono<T> primary = op.apply(delegate());
        if (Reads.answersNow(primary)) {
            return new FallingBack<>(primary, op);
        }
        return primary.onErrorResume(on, e -> op.apply(fallback));
    }

    /**
     * {@code primary.onErrorResume(on, e -> op.apply(fallback))} for a primary that answers during its
     * subscription ({@link Reads#answersNow}): the primary's answer is read on the subscribing thread and passed
     * on as one value, without an operator chain; only a failure that falls back subscribes the fallback's call.
     */
    private final class FallingBack<T> extends Mono<T> {
        private final Mono<T> primary;
        private final Function<KeyValueStore, Mono<T>> op;

        FallingBack(Mono<T> primary, Function<KeyValueStore, Mono<T>> op) {
            this.primary = primary;
            this.op = op;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            T value;
            try {
                value = Reads.now(primary);
            } catch (Throwable e) {
                Throwable error = Operators.onOperatorError(e, actual.currentContext());
                boolean fallsBack;
                try {
                    fallsBack = on.test(error);
                } catch (Throwable predicateFailed) {
                    Operators.error(actual, Operators.onOperatorError(predicateFailed, actual.currentContext()));
                    return;
                }
                if (fallsBack) {
                    op.apply(fallback).subscribe(actual);
                } else {
                    Operators.error(actual, error);
                }
                return;
            }
            Answers.emit(actual, value);
        }

        /** Nothing to wait for unless the read falls back: then the fallback's call is blocked on. */
        @Override
        public @Nullable T block() {
            try {
                return Reads.now(primary);
            } catch (Throwable e) {
                if (on.test(e)) {
                    return op.apply(fallback).block();
                }
                throw Exceptions.propagate(e);
            }
        }

        @Override
        public @Nullable T block(Duration timeout) {
            try {
                return Reads.now(primary);
            } catch (Throwable e) {
                if (on.test(e)) {
                    return op.apply(fallback).block(timeout);
                }
                throw Exceptions.propagate(e);
            }
        }
    }

    private <T> Mono<T> write(Function<KeyValueStore, Mono<T>> op) {
        return writes ? read(op) : op.apply(delegate());
    }

    private <T> Flux<T> stream(Function<KeyValueStore, Flux<T>> op) {
        return Flux.defer(() -> {
            AtomicBoolean emitted = new AtomicBoolean();
            return op.apply(delegate()).doOnNext(x -> emitted.set(true))
                    .onErrorResume(e -> !emitted.get() && on.test(e), e -> op.apply(fallback));
        });
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return read(s -> s.get(collection, key));
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return read(s -> s.ttl(collection, key));
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return read(s -> s.exists(collection, key));
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return stream(s -> s.getMany(collection, keys));
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return stream(s -> s.ttlMany(collection, keys));
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return stream(s -> s.keys(collection, options));
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return read(s -> s.keyPage(collection, options));
    }

    @Override
    public Flux<String> collections() {
        return stream(KeyValueStore::collections);
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return write(s -> s.put(collection, key, value, ttl));
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return write(s -> s.putMany(collection, entries, ttl));
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return write(s -> s.delete(collection, key));
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return write(s -> s.deleteMany(collection, keys));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return write(s -> s.putIfAbsent(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion,
                                       Map<String, ?> value, @Nullable Duration ttl) {
        return write(s -> s.compareAndSet(collection, key, expectedVersion, value, ttl));
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return write(s -> s.destroyCollection(collection));
    }

    @Override
    public void close() {
        try {
            delegate().close();
        } finally {
            fallback.close();
        }
    }
}
