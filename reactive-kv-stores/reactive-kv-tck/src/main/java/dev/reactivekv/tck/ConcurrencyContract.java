package dev.reactivekv.tck;

import java.util.List;
import java.util.Map;

import dev.reactivekv.Capability;
import dev.reactivekv.Lookup;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/** Many callers at once on non-blocking threads: no lost writes, no cross-talk. Mandatory. */
public interface ConcurrencyContract extends StoreContract {

    private static <T> Mono<T> check(boolean ok, String what, T pass) {
        return ok ? Mono.just(pass) : Mono.error(new AssertionError(what));
    }

    /** One worker's life cycle of a key, as in py-key-value's concurrency test, without blocking. */
    private Mono<Boolean> worker(int w, int i) {
        String key = "test_" + w + "_" + i;
        Map<String, Object> v1 = Map.of("worker", w, "iteration", i);
        Map<String, Object> v2 = Map.of("worker", w, "iteration", i, "updated", true);
        return store().get(collection(), key).hasElement()
                .flatMap(had -> check(!had, key + " absent at first", true))
                .then(store().put(collection(), key, v1, null))
                .then(store().get(collection(), key))
                .flatMap(got -> check(v1.equals(got), key + " reads first write", true))
                .then(store().put(collection(), key, v2, null))
                .then(store().get(collection(), key))
                .flatMap(got -> check(v2.equals(got), key + " reads overwrite", true))
                .then(store().delete(collection(), key))
                .flatMap(deleted -> check(deleted, key + " deleted", true))
                .then(store().get(collection(), key).hasElement())
                .flatMap(had -> check(!had, key + " gone", true));
    }

    @Test
    default void concurrentWorkersDoNotInterfere() {
        Long done = Flux.range(0, 8)
                .flatMap(w -> Flux.range(0, 20).concatMap(i -> worker(w, i)).subscribeOn(Schedulers.parallel()))
                .count().block(patience());
        assertThat(done).isEqualTo(160);
    }

    @Test
    default void concurrentWritesToDistinctKeysAllLand() {
        Flux.range(0, 1000)
                .flatMap(i -> store().put(collection(), "k" + i, Map.of("i", i), null).subscribeOn(Schedulers.parallel()), 64)
                .then().block(patience());
        if (store().capabilities().contains(Capability.SCAN)) {
            assertThat(distinctListed(store().keys(collection()).collectList().block(patience()))).hasSize(1000);
        } else {
            List<String> all = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "k" + i).toList();
            assertThat(store().getMany(collection(), all).collectList().block(patience())).allMatch(Lookup::isHit);
        }
        assertThat(store().get(collection(), "k777").block(patience())).isEqualTo(Map.of("i", 777));
    }
}
