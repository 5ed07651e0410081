package dev.reactivekv.tck.wrapper;

import java.util.List;
import java.util.Map;

import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.wrapper.Wrappers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** Micrometer meters per collection and operation. */
class StatisticsWrapperTest {

    static final Map<String, Object> V = Map.of("test", "v");

    private static double count(SimpleMeterRegistry r, String name, String collection, String op) {
        var c = r.find(name).tag("collection", collection).tag("operation", op).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void countsHitsMissesPutsDeletesErrorsAndLatency() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KeyValueStore store = KeyValue.of(MemoryStore.create()).with(Wrappers.statistics(registry)).build();
        store.put("users", "a", V, null).block();
        store.putMany("users", Map.of("b", V, "c", V), null).block();
        store.get("users", "a").block();
        store.get("users", "zz").block();
        store.getMany("users", List.of("a", "b", "x")).blockLast();
        store.delete("users", "a").block();
        store.delete("users", "a").block();
        store.deleteMany("users", List.of("b", "c", "y")).block();
        StepVerifier.create(store.get("users", "")).expectError(InvalidKeyException.class).verify();

        assertThat(count(registry, "reactivekv.puts", "users", "put")).isEqualTo(1);
        assertThat(count(registry, "reactivekv.puts", "users", "put_many")).isEqualTo(2);
        assertThat(count(registry, "reactivekv.hits", "users", "get")).isEqualTo(1);
        assertThat(count(registry, "reactivekv.misses", "users", "get")).isEqualTo(1);
        assertThat(count(registry, "reactivekv.hits", "users", "get_many")).isEqualTo(2);
        assertThat(count(registry, "reactivekv.misses", "users", "get_many")).isEqualTo(1);
        assertThat(count(registry, "reactivekv.deletes", "users", "delete")).isEqualTo(1);
        assertThat(count(registry, "reactivekv.misses", "users", "delete")).isEqualTo(1);
        assertThat(count(registry, "reactivekv.deletes", "users", "delete_many")).isEqualTo(2);
        assertThat(count(registry, "reactivekv.misses", "users", "delete_many")).isEqualTo(1);
        assertThat(registry.find("reactivekv.errors").tag("operation", "get").tag("error", "InvalidKeyException")
                .counter().count()).isEqualTo(1);
        var timer = registry.find("reactivekv.latency").tag("collection", "users").tag("operation", "get")
                .tag("outcome", "success").timer();
        assertThat(timer.count()).isEqualTo(2);
    }

    @Test
    void collectionTagsCanBeTurnedOff() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KeyValueStore store = KeyValue.of(MemoryStore.create())
                .with(Wrappers.statistics(registry).prefix("kv").tagCollections(false)).build();
        store.get("a", "k").block();
        store.get("b", "k").block();
        assertThat(count(registry, "kv.misses", "*", "get")).isEqualTo(2);
    }
}
