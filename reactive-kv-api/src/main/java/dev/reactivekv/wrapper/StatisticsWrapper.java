package dev.reactivekv.wrapper;

import dev.reactivekv.wrapper.internal.Operation;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
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
 * signal; Micrometer's meters are non-blocking. Each operation's meters are looked up once per
 * collection and kept, so a call costs its counter and timer updates, not registry lookups.
 */
final class StatisticsWrapper extends InterceptingStore {

    private static final Operation[] OPERATIONS = Operation.values();

    private final MeterRegistry registry;
    private final String prefix;
    private final boolean tagCollections;
    /** Per collection tag ({@code *} when untagged), one {@link Meters} per operation, built on first use. */
    private final ConcurrentHashMap<String, Meters[]> meters = new ConcurrentHashMap<>();

    StatisticsWrapper(KeyValueStore delegate, MeterRegistry registry, String prefix, boolean tagCollections) {
        super(delegate);
        this.registry = registry;
        this.prefix = prefix;
        this.tagCollections = tagCollections;
    }

    /** A collection tag and its row. */
    private record Row(String tag, Meters[] meters) {
    }

    /**
     * The row the last call used: calls mostly repeat a collection, which then costs an {@code equals} instead of a
     * map lookup. A plain field (a thread may see an older row, which the tag check passes over; a row, once in
     * the map, is never replaced).
     */
    private @Nullable Row lastRow;

    private Meters meters(Operation op, @Nullable String collection) {
        String tag = tagCollections && collection != null ? collection : "*";
        Row last = lastRow;
        Meters[] row;
        if (last != null && last.tag().equals(tag)) {
            row = last.meters();
        } else {
            row = meters.get(tag);
            if (row == null) {
                row = meters.computeIfAbsent(tag, t -> new Meters[OPERATIONS.length]);
            }
            lastRow = new Row(tag, row);
        }
        Meters m = row[op.ordinal()];
        if (m == null) { // a benign race: two threads may build equal holders of the same registered meters
            m = new Meters(op, Tags.of("collection", tag, "operation", op.tag()));
            row[op.ordinal()] = m;
        }
        return m;
    }

    /**
     * One operation's meters on one collection, registered on first use (so unused meters never
     * appear), and its listener for single-value calls.
     */
    private final class Meters implements ObservedMono.Listener<Object> {
        final Operation op;
        final Tags tags;
        private volatile @Nullable Counter hits;
        private volatile @Nullable Counter misses;
        private volatile @Nullable Counter puts;
        private volatile @Nullable Counter deletes;
        private volatile @Nullable Timer success;
        private volatile @Nullable Timer failure;
        private volatile @Nullable Timer cancel;

        Meters(Operation op, Tags tags) {
            this.op = op;
            this.tags = tags;
        }

        private Counter counter(String meter) {
            return registry.counter(prefix + "." + meter, tags);
        }

        void hits(long n) {
            if (n > 0) {
                (hits == null ? hits = counter("hits") : hits).increment(n);
            }
        }

        void misses(long n) {
            if (n > 0) {
                (misses == null ? misses = counter("misses") : misses).increment(n);
            }
        }

        void puts(long n) {
            if (n > 0) {
                (puts == null ? puts = counter("puts") : puts).increment(n);
            }
        }

        void deletes(long n) {
            if (n > 0) {
                (deletes == null ? deletes = counter("deletes") : deletes).increment(n);
            }
        }

        void hitOrMiss(boolean hit) {
            if (hit) {
                hits(1);
            } else {
                misses(1);
            }
        }

        private Timer timer(String outcome) {
            return registry.timer(prefix + ".latency", tags.and("outcome", outcome));
        }

        void finish(SignalType signal, long nanos) {
            Timer t = switch (signal) {
                case ON_ERROR -> failure == null ? failure = timer("error") : failure;
                case CANCEL -> cancel == null ? cancel = timer("cancelled") : cancel;
                default -> success == null ? success = timer("success") : success;
            };
            t.record(nanos, TimeUnit.NANOSECONDS);
        }

        void error(Throwable e) {
            registry.counter(prefix + ".errors", tags.and("error", e.getClass().getSimpleName())).increment();
        }

        /** Hit, miss, put and delete counts for one emitted item (or for completion without one); none for other operations. */
        void record(@Nullable Object item) {
            switch (op) {
                case GET, TTL -> hitOrMiss(item != null);
                case EXISTS -> hitOrMiss(Boolean.TRUE.equals(item));
                case GET_MANY, TTL_MANY -> hitOrMiss(((Lookup) item).isHit());
                case DELETE -> {
                    boolean removed = Boolean.TRUE.equals(item);
                    hitOrMiss(removed);
                    deletes(removed ? 1 : 0);
                }
                case PUT, PUT_IF_ABSENT, COMPARE_AND_SET -> puts(item == null || Boolean.TRUE.equals(item) ? 1 : 0);
                default -> { }
            }
        }

        @Override
        public void succeeded(@Nullable Object item, long start) {
            long nanos = System.nanoTime() - start;
            // a Mono<Void> completes with null: a put that succeeded
            record(item);
            finish(SignalType.ON_COMPLETE, nanos);
        }

        @Override
        public void failed(Throwable e, long start) {
            long nanos = System.nanoTime() - start;
            error(e);
            finish(SignalType.ON_ERROR, nanos);
        }

        @Override
        public void cancelled(long start) {
            finish(SignalType.CANCEL, System.nanoTime() - start);
        }
    }

    @Override
    <T> Mono<T> mono(Operation op, @Nullable String collection, @Nullable Object key, Mono<T> call) {
        Meters m = meters(op, collection);
        if (op != Operation.DELETE_MANY && op != Operation.PUT_MANY) {
            return new ObservedMono<>(call, m);
        }
        long many = key instanceof String s && s.endsWith(" keys") ? parseCount(s) : 0;
        return new ObservedMono<>(call, new ObservedMono.Listener<Object>() {
            @Override
            public void succeeded(@Nullable Object item, long start) {
                long nanos = System.nanoTime() - start;
                if (op == Operation.PUT_MANY) {
                    m.puts(many);
                } else if (item != null) {
                    long removed = (Long) item;
                    m.hits(removed);
                    m.misses(Math.max(0, many - removed));
                    m.deletes(removed);
                }
                m.finish(SignalType.ON_COMPLETE, nanos);
            }

            @Override
            public void failed(Throwable error, long start) {
                m.failed(error, start);
            }

            @Override
            public void cancelled(long start) {
                m.cancelled(start);
            }
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
            Meters m = meters(op, collection);
            long start = System.nanoTime();
            return call
                    .doOnNext(m::record)
                    .doOnError(m::error)
                    .doFinally(signal -> m.finish(signal, System.nanoTime() - start));
        });
    }
}
