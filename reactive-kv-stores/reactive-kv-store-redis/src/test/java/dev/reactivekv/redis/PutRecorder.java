package dev.reactivekv.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer for fault tests: puts one key after another ({@code w0}, {@code w1}, …) until disposed, and
 * records each outcome: acknowledged, failed with a typed {@link StoreUnavailableException} or
 * {@link StoreTimeoutException} (and how long that took), failed otherwise, or still open after
 * {@code hang} (hung). After a failure it pauses 20 ms (a timer, not a sleep).
 */
final class PutRecorder {

    private final Duration hang;
    private final Queue<String> acked = new ConcurrentLinkedQueue<>();
    private final AtomicLong typedFailures = new AtomicLong();
    private final Queue<Throwable> untyped = new ConcurrentLinkedQueue<>();
    private final AtomicLong hung = new AtomicLong();
    private final AtomicLong slowestFailureMs = new AtomicLong();
    private volatile String lastAcked = "";

    PutRecorder(Duration hang) {
        this.hang = hang;
    }

    Disposable start(KeyValueStore store, String collection) {
        return Flux.range(0, Integer.MAX_VALUE)
                .concatMap(i -> {
                    String key = "w" + i;
                    long start = System.nanoTime();
                    return store.put(collection, key, Map.of("i", i), null)
                            .timeout(hang)
                            .then(Mono.fromRunnable(() -> {
                                acked.add(key);
                                lastAcked = key;
                            }))
                            .onErrorResume(e -> {
                                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                                if (e instanceof java.util.concurrent.TimeoutException) {
                                    hung.incrementAndGet();
                                } else if (e instanceof StoreUnavailableException || e instanceof StoreTimeoutException) {
                                    typedFailures.incrementAndGet();
                                    slowestFailureMs.accumulateAndGet(ms, Math::max);
                                } else {
                                    untyped.add(e);
                                }
                                return Mono.delay(Duration.ofMillis(20)).then();
                            });
                }, 1)
                .subscribe();
    }

    int acknowledged() {
        return acked.size();
    }

    /** The key of the latest acknowledged put ("" before the first). */
    String lastAcknowledged() {
        return lastAcked;
    }

    long typedFailures() {
        return typedFailures.get();
    }

    /** Acknowledged keys that {@code store} no longer has. */
    List<String> lost(KeyValueStore store, String collection, Duration patience) {
        return missing(store, collection, List.copyOf(acked), patience);
    }

    /** The keys {@code store} does not have (read in batches of 1,000, each retried up to 3 times). */
    static List<String> missing(KeyValueStore store, String collection, List<String> keys, Duration patience) {
        List<String> missing = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 1_000) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 1_000));
            Flux.defer(() -> store.getMany(collection, chunk)).retry(3).collectList().block(patience).stream()
                    .filter(l -> l.entry() == null).map(Lookup::key).forEach(missing::add);
        }
        return missing;
    }

    /** One line for logs and {@code scripts/reliability}: {@code <label> acknowledged=… failedTyped=… …}. */
    String summary(String label, int lost) {
        return label + " acknowledged=" + acked.size() + " failedTyped=" + typedFailures.get() + " untyped=" + untyped.size()
                + " hung=" + hung.get() + " lost=" + lost + " slowestFailureMs=" + slowestFailureMs.get();
    }

    /** No untyped error, nothing hung, every failure within {@code bound}, and the outage was seen. */
    void assertTypedAndBounded(Duration bound) {
        assertThat(untyped).as("errors outside StoreUnavailable/StoreTimeout").isEmpty();
        assertThat(hung.get()).as("puts that neither completed nor failed within " + hang).isZero();
        assertThat(slowestFailureMs.get()).as("slowest failed put, ms").isLessThanOrEqualTo(bound.toMillis());
        assertThat(typedFailures.get()).as("the writer saw the outages").isPositive();
    }
}
