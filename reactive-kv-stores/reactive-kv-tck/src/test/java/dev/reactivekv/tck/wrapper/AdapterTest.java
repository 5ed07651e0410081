package dev.reactivekv.tck.wrapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.MissingKeyException;
import dev.reactivekv.error.SerializationException;
import dev.reactivekv.adapter.RaiseOnMissingAdapter;
import dev.reactivekv.adapter.TypedAdapter;
import dev.reactivekv.memory.MemoryStore;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed (Jackson) and raise-on-missing adapters. */
class AdapterTest {

    record User(String name, int age, List<String> tags) {
    }

    @Test
    void recordsRoundTripAsJsonObjects() {
        KeyValueStore raw = MemoryStore.create();
        TypedAdapter<User> users = TypedAdapter.builder(raw, User.class).collection("users").build();
        User alice = new User("alice", 30, List.of("admin"));
        users.put("alice", alice).block();
        assertThat(raw.get("users", "alice").block()).isEqualTo(Map.of("name", "alice", "age", 30, "tags", List.of("admin")));
        StepVerifier.create(users.get("alice")).expectNext(alice).verifyComplete();
        StepVerifier.create(users.get("bob")).verifyComplete();
        assertThat(users.getMany(List.of("alice", "bob")).collectList().block())
                .containsExactly(Optional.of(alice), Optional.empty());
    }

    @Test
    void nonObjectTypesAreWrappedAsItems() {
        KeyValueStore raw = MemoryStore.create();
        TypedAdapter<List<Integer>> lists = TypedAdapter.builder(raw, new TypeReference<List<Integer>>() { }).build();
        lists.put("k", List.of(1, 2, 3)).block();
        assertThat(raw.get(KeyValueStore.DEFAULT_COLLECTION, "k").block()).isEqualTo(Map.of("items", List.of(1, 2, 3)));
        StepVerifier.create(lists.get("k")).expectNext(List.of(1, 2, 3)).verifyComplete();
    }

    @Test
    void invalidStoredValuesFailOrMissByConfiguration() {
        KeyValueStore raw = MemoryStore.create();
        raw.put("users", "bad", Map.of("name", "x", "age", "not a number"), null).block();
        StepVerifier.create(TypedAdapter.builder(raw, User.class).collection("users").build().get("bad"))
                .expectError(DeserializationException.class).verify();
        StepVerifier.create(TypedAdapter.builder(raw, User.class).collection("users").invalidAsMiss(true).build().get("bad"))
                .verifyComplete();
    }

    @Test
    void unserializableObjectsFailBeforeAnyWrite() {
        KeyValueStore raw = MemoryStore.create();
        TypedAdapter<Object> any = TypedAdapter.builder(raw, Object.class).build();
        StepVerifier.create(any.put("k", new Object())).expectError(SerializationException.class).verify();
        assertThat(raw.keys(KeyValueStore.DEFAULT_COLLECTION).collectList().block()).isEmpty();
    }

    @Test
    void raiseOnMissingTurnsMissesIntoErrors() {
        KeyValueStore raw = MemoryStore.create();
        raw.put("c", "a", Map.of("v", 1), null).block();
        RaiseOnMissingAdapter strict = RaiseOnMissingAdapter.of(raw);
        StepVerifier.create(strict.get("c", "a")).expectNext(Map.of("v", 1)).verifyComplete();
        StepVerifier.create(strict.get("c", "b")).expectError(MissingKeyException.class).verify();
        StepVerifier.create(strict.ttl("c", "b")).expectError(MissingKeyException.class).verify();
        StepVerifier.create(strict.getMany("c", List.of("a", "b")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MissingKeyException.class).hasMessageContaining("[b]"))
                .verify();
        StepVerifier.create(strict.getMany("c", List.of("a", "a"))).expectNextCount(2).verifyComplete();
    }
}
