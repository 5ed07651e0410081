package dev.reactivekv.wrapper;

import dev.reactivekv.wrapper.internal.Operation;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Micrometer meters per collection and operation (py-key-value's statistics wrapper, as meters):
 * <ul>
 *   <li>{@code <prefix>.hits} / {@code <prefix>.misses}: reads ({@code get}, {@code ttl},
 *       {@code exists}, one per key of {@code getMany}/{@code ttlMany}) and deletes (removed or not,
 *       {@code deleteMany} by count);</li>
 *   <li>{@code <prefix>.puts}: entries written ({@code putMany} by entry; conditional writes when applied);</li>
 *   <li>{@code <prefix>.deletes}: entries removed;</li>
 *   <li>{@code <prefix>.errors}: failed calls, also tagged {@code error} with the exception's simple name;</li>
 *   <li>{@code <prefix>.latency}: a timer from subscription to completion, error or cancel
 *       (tag {@code outcome}); for {@code keys}/{@code collections} it times the whole stream.</li>
 * </ul>
 * Tags: {@code collection} (or {@code *} when collection tags are off or the call has none) and
 * {@code operation} ({@link Operation#tag()}). Meters are updated on the thread that delivers the
 * signal; Micrometer's meters are non-blocking.
 */
final class StatisticsWrapper extends InterceptingStore {

    private final MeterRegistry registry;
    private final String prefix;
    private final boolean tagCollections;

    StatisticsWrapper(KeyValueStore delegate, MeterRegistry registry, String prefix, boolean tagCollections) {
        super(delegate);
        this.registry = registry;
        this.prefix = prefix;
        this.tagCollections = tagCollections;
    }

    private Tags tags(Operation op, @Nullable String collection) {
        return Tags.of("collection", tagCollections && collection != null ? collection : "*", "operation", op.tag());
    }

    private void count(String meter, Tags tags, long n) {
        if (n > 0) {
            registry.counter(prefix + "." + meter, tags).increment(n);
        }
    }

    /** Hit, miss, put and delete counts for one emitted item (or for completion without one). */
    private void record(Operation op, Tags tags, @Nullable Object item) {
        switch (op) {
            case GET, TTL -> count(item != null ? "hits" : "misses", tags, 1);
            case EXISTS -> count(Boolean.TRUE.equals(item) ? "hits" : "misses", tags, 1);
            case GET_MANY, TTL_MANY -> count(((Lookup) item).isHit() ? "hits" : "misses", tags, 1);
            case DELETE -> {
                boolean removed = Boolean.TRUE.equals(item);
                count(removed ? "hits" : "misses", tags, 1);
                count("deletes", tags, removed ? 1 : 0);
            }
            case PUT, PUT_IF_ABSENT, COMPARE_AND_SET -> count("puts", tags, item == null || Boolean.TRUE.equals(item) ? 1 : 0);
            case DESTROY_COLLECTION -> count("deletes", tags, 0);
            default -> { }
        }
    }

    private void finish(Tags tags, long start, SignalType signal) {
        String outcome = switch (signal) {
            case ON_ERROR -> "error";
            case CANCEL -> "cancelled";
            default -> "success";
        };
        registry.timer(prefix + ".latency", tags.and("outcome", outcome)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private void error(Tags tags, Throwable e) {
        registry.counter(prefix + ".errors", tags.and("error", e.getClass().getSimpleName())).increment();
    }

    @Override
    <T> Mono<T> mono(Operation op, @Nullable String collection, @Nullable Object key, Mono<T> call) {
        return Mono.defer(() -> {
            Tags tags = tags(op, collection);
            long start = System.nanoTime();
            int[] many = {key instanceof String s && s.endsWith(" keys") ? parseCount(s) : 0};
            return call
                    .doOnSuccess(item -> {
                        if (op == Operation.DELETE_MANY && item != null) {
                            long removed = (Long) item;
                            count("hits", tags, removed);
                            count("misses", tags, Math.max(0, many[0] - removed));
                            count("deletes", tags, removed);
                        } else if (op == Operation.PUT_MANY) {
                            count("puts", tags, many[0]);
                        } else if (op != Operation.KEY_PAGE && op != Operation.DESTROY_COLLECTION) {
                            // a Mono<Void> completes with null: a put that succeeded
                            record(op, tags, item);
                        }
                    })
                    .doOnError(e -> error(tags, e))
                    .doFinally(signal -> finish(tags, start, signal));
        });
    }

    private static int parseCount(String s) {
        try {
            return Integer.parseInt(s.substring(0, s.indexOf(' ')));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    <T> Flux<T> flux(Operation op, @Nullable String collection, @Nullable Object key, Flux<T> call) {
        return Flux.defer(() -> {
            Tags tags = tags(op, collection);
            long start = System.nanoTime();
            return call
                    .doOnNext(item -> record(op, tags, item))
                    .doOnError(e -> error(tags, e))
                    .doFinally(signal -> finish(tags, start, signal));
        });
    }
}
