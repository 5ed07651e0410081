package dev.reactivekv.spring.demo;

import java.util.Map;

import dev.reactivekv.KeyValueStore;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Counts visits per page in the collection {@code visits}: what an application does with the injected store. */
@Service
public class Visits {

    private final KeyValueStore store;

    public Visits(KeyValueStore store) {
        this.store = store;
    }

    /** The page's visit count after this visit. */
    public Mono<Long> visit(String page) {
        return store.get("visits", page)
                .map(v -> ((Number) v.get("count")).longValue() + 1)
                .defaultIfEmpty(1L)
                .flatMap(n -> store.put("visits", page, Map.of("count", n)).thenReturn(n));
    }
}
