package dev.reactivekv.mongodb;

import java.time.Duration;
import java.util.Map;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class ScratchTest {
    @Test
    void cas() {
        KeyValueStore s = MongoStore.builder().client(TestMongo.client()).build();
        s.put("scratch", "k", Map.of("a", 1), null).block(Duration.ofSeconds(10));
        Entry e = s.ttl("scratch", "k").block(Duration.ofSeconds(10));
        System.out.println("VERSION " + e.version());
        var r = Flux.range(0, 16).flatMap(i -> s.compareAndSet("scratch", "k", e.version(), Map.of("w", i), null)
                .subscribeOn(Schedulers.parallel())
                .doOnSubscribe(x -> System.out.println("SUB " + i + " " + Thread.currentThread().getName()))
                .doOnNext(b -> System.out.println("RES " + i + " " + b + " " + Thread.currentThread().getName()))
                .doOnError(t -> System.out.println("ERR " + i + " " + t)))
                .collectList().block(Duration.ofSeconds(20));
        System.out.println(r);
    }
}
