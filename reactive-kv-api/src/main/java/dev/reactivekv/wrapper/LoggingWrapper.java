package dev.reactivekv.wrapper;

import dev.reactivekv.wrapper.internal.Operation;
import java.time.Duration;
import java.util.Map;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Logs every call through SLF4J: a line when it starts and one when it ends (outcome, result
 * summary, duration), errors at WARN. Values are never logged unless {@code logValues} is set
 * (py-key-value logs them regardless; we do not): without it a result is summarised as
 * {@code hit}/{@code miss}/a count. Keys and collection names are logged.
 */
final class LoggingWrapper extends InterceptingStore {

    private final Logger log;
    private final Level level;
    private final boolean logValues;

    LoggingWrapper(KeyValueStore delegate, Logger log, Level level, boolean logValues) {
        super(delegate);
        this.log = log;
        this.level = level;
        this.logValues = logValues;
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        if (logValues && log.isEnabledForLevel(level)) {
            return super.put(collection, key, value, ttl)
                    .doOnSubscribe(s -> log.atLevel(level).log("kv put value collection={} key={} ttl={} value={}",
                            collection, key, ttl, value));
        }
        return super.put(collection, key, value, ttl);
    }

    private String summary(@Nullable Object item) {
        if (item == null) {
            return "done";
        }
        if (item instanceof Map<?, ?> m) {
            return logValues ? "hit " + m : "hit";
        }
        if (item instanceof Entry e) {
            return logValues ? "hit " + e.value() + " ttl=" + e.ttl() : "hit ttl=" + e.ttl();
        }
        if (item instanceof Lookup l) {
            return l.key() + (l.isHit() ? (logValues ? " hit " + l.entry().value() : " hit") : " miss");
        }
        return String.valueOf(item);
    }

    @Override
    <T> Mono<T> mono(Operation op, @Nullable String collection, @Nullable Object key, Mono<T> call) {
        if (!log.isEnabledForLevel(level) && !log.isWarnEnabled()) {
            return call;
        }
        return new ObservedMono<>(call, new ObservedMono.Listener<T>() {
            @Override
            public void started() {
                if (log.isEnabledForLevel(level)) {
                    log.atLevel(level).log("kv {} start collection={} key={}", op.tag(), collection, key);
                }
            }

            @Override
            public void succeeded(@Nullable T item, long start) {
                if (log.isEnabledForLevel(level)) { // the clock is read only for a line that is written
                    log.atLevel(level).log("kv {} finish collection={} key={} result={} in {} µs",
                            op.tag(), collection, key, item == null && isRead(op) ? "miss" : summary(item), micros(start));
                }
            }

            @Override
            public void failed(Throwable e, long start) {
                log.warn("kv {} failed collection={} key={} error={}: {} in {} µs",
                        op.tag(), collection, key, e.getClass().getSimpleName(), e.getMessage(), micros(start));
            }

            @Override
            public void cancelled(long start) {
            }
        });
    }

    private static boolean isRead(Operation op) {
        return op == Operation.GET || op == Operation.TTL;
    }

    private static long micros(long start) {
        return (System.nanoTime() - start) / 1000;
    }

    @Override
    <T> Flux<T> flux(Operation op, @Nullable String collection, @Nullable Object key, Flux<T> call) {
        if (!log.isEnabledForLevel(level) && !log.isWarnEnabled()) {
            return call;
        }
        return Flux.defer(() -> {
            long start = System.nanoTime();
            long[] count = {0};
            log.atLevel(level).log("kv {} start collection={} key={}", op.tag(), collection, key);
            return call
                    .doOnNext(item -> {
                        count[0]++;
                        if (item instanceof Lookup && log.isDebugEnabled()) {
                            log.debug("kv {} item collection={} {}", op.tag(), collection, summary(item));
                        }
                    })
                    .doOnComplete(() -> log.atLevel(level).log("kv {} finish collection={} key={} items={} in {} µs",
                            op.tag(), collection, key, count[0], micros(start)))
                    .doOnError(e -> log.warn("kv {} failed collection={} key={} error={}: {} after {} items in {} µs",
                            op.tag(), collection, key, e.getClass().getSimpleName(), e.getMessage(), count[0], micros(start)));
        });
    }
}
