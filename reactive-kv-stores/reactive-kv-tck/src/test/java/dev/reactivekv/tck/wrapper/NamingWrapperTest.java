package dev.reactivekv.tck.wrapper;

import java.util.List;
import java.util.Map;

import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.wrapper.Wrappers;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** Prefix and single-collection wrappers: py-key-value's stored names, and scans and watch mapped back. */
class NamingWrapperTest {

    static final Map<String, Object> V = Map.of("test", "v");

    @Test
    void prefixKeysStoresPrefixedKeysAndStripsThemFromScansAndEvents() {
        KeyValueStore raw = MemoryStore.create();
        KeyValueStore store = KeyValue.of(raw).with(Wrappers.prefixKeys("p")).build();
        raw.put("c", "foreign", V, null).block();
        StepVerifier.create(store.watch("c", KeyFilter.prefix("a")))
                .expectNextMatches(e -> e.type() == KeyEvent.Type.RESYNC)
                .then(() -> store.put("c", "b", V, null).block())
                .then(() -> store.put("c", "a1", V, null).block())
                .expectNext(KeyEvent.put("c", "a1"))
                .thenCancel().verify();
        assertThat(raw.keys("c").collectList().block()).containsExactly("foreign", "p__a1", "p__b");
        assertThat(store.keys("c").collectList().block()).containsExactly("a1", "b");
        assertThat(store.keys("c", ScanOptions.all().withAfter("a1")).collectList().block()).containsExactly("b");
        assertThat(store.keyPage("c", ScanOptions.all().withPageSize(1)).block().keys()).containsExactly("a1");
        StepVerifier.create(store.destroyCollection("c")).expectNext(true).verifyComplete();
        assertThat(raw.keys("c").collectList().block()).containsExactly("foreign");
    }

    @Test
    void prefixCollectionsStoresPrefixedCollectionsAndListsOnlyItsOwn() {
        KeyValueStore raw = MemoryStore.create();
        KeyValueStore store = KeyValue.of(raw).with(Wrappers.prefixCollections("p")).build();
        raw.put("other", "k", V, null).block();
        StepVerifier.create(store.watch("c"))
                .expectNextMatches(e -> e.type() == KeyEvent.Type.RESYNC && e.collection().equals("c"))
                .then(() -> store.put("c", "k", V, null).block())
                .expectNext(KeyEvent.put("c", "k"))
                .thenCancel().verify();
        assertThat(raw.get("p__c", "k").block()).isEqualTo(V);
        assertThat(store.collections().collectList().block()).containsExactly("c");
    }

    @Test
    void singleCollectionStoresCollectionAndKeyTogetherAndMapsBack() {
        KeyValueStore raw = MemoryStore.create();
        KeyValueStore store = KeyValue.of(raw).with(Wrappers.singleCollection("all")).build();
        StepVerifier.create(store.watch("users", KeyFilter.key("alice")))
                .expectNextMatches(e -> e.type() == KeyEvent.Type.RESYNC && e.collection().equals("users"))
                .then(() -> store.put("orders", "alice", V, null).block())
                .then(() -> store.put("users", "alice", V, null).block())
                .expectNext(KeyEvent.put("users", "alice"))
                .thenCancel().verify();
        store.put("users", "bob", V, null).block();
        assertThat(raw.keys("all").collectList().block()).containsExactly("orders__alice", "users__alice", "users__bob");
        assertThat(store.keys("users").collectList().block()).containsExactly("alice", "bob");
        assertThat(store.collections().collectList().block()).containsExactly("orders", "users");
        assertThat(store.getMany("users", List.of("bob", "x")).map(l -> l.key() + "=" + l.isHit()).collectList().block())
                .containsExactly("bob=true", "x=false");
        StepVerifier.create(store.destroyCollection("users")).expectNext(true).verifyComplete();
        assertThat(raw.keys("all").collectList().block()).containsExactly("orders__alice");
        // ("a__b", "c") and ("a", "b__c") would share "a__b__c": the ambiguous collection is refused
        StepVerifier.create(store.put("a__b", "c", V, null)).expectError(InvalidCollectionException.class).verify();
    }
}
