package dev.reactivekv.tck;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Proves the guard every test JVM relies on: a blocking call on a non-blocking thread fails. */
class BlockHoundIsInstalledTest {

    @Test
    void blockingOnAParallelThreadIsAnError() {
        Mono<Integer> blocking = Mono.fromCallable(() -> {
            LockSupport.parkNanos(1_000_000);
            return 1;
        }).subscribeOn(Schedulers.parallel());
        StepVerifier.create(blocking)
                .expectErrorMatches(e -> e instanceof BlockingOperationError)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void blockingOnABoundedElasticThreadIsAllowed() {
        Mono<Integer> blocking = Mono.fromCallable(() -> {
            LockSupport.parkNanos(1_000_000);
            return 1;
        }).subscribeOn(Schedulers.boundedElastic());
        StepVerifier.create(blocking).expectNext(1).verifyComplete();
    }
}
