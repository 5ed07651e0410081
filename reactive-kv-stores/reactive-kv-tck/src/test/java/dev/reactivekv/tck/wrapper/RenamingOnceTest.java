package dev.reactivekv.tck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.spi.JsonValues;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import dev.reactivekv.wrapper.Wrappers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * However many renaming layers a call crosses, a value is copied once (by the store) and a name is validated
 * once (by the store that receives the stored name): the renaming layers neither copy values nor re-run the
 * name rules, they only refuse what a prefix would hide (a null or empty name).
 */
class RenamingOnceTest {

    static final Duration PATIENCE = Duration.ofSeconds(10);

    /** A JSON object that counts how often its entries are read: a deep copy reads them once. */
    static final class CountingValue extends AbstractMap<String, Object> {
        final AtomicInteger reads = new AtomicInteger();
        private final Map<String, Object> entries;

        CountingValue(Map<String, Object> entries) {
            this.entries = entries;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            reads.incrementAndGet();
            return entries.entrySet();
        }

        @Override
        public int size() {
            return entries.size(); // a copy sizes its map first: that is not a read of the entries
        }
    }

    /** Records the names of each put and stores nothing (so it validates nothing either). */
    static final class RecordingStore extends ForwardingKeyValueStore {
        final List<String> puts = new ArrayList<>();

        RecordingStore() {
            super(MemoryStore.create());
        }

        @Override
        public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
            return Mono.fromRunnable(() -> puts.add(collection + "|" + key));
        }
    }

    static KeyValueStore renamingChain(KeyValueStore store) {
        KeyValueStore other = MemoryStore.create();
        return KeyValue.of(store)
                .with(Wrappers.routing(c -> c.startsWith("elsewhere") ? other : null, List.of(other)))
                .with(Wrappers.prefixKeys("k"))
                .with(Wrappers.prefixCollections("c"))
                .build();
    }

    @Test
    void aValueIsCopiedOnceThroughEveryRenamingLayer() {
        KeyValueStore store = KeyValue.of(MemoryStore.create())
                .with(Wrappers.singleCollection("all", "/")) // "/": the prefixed collections contain "__"
                .with(Wrappers.routing(c -> null, List.of()))
                .with(Wrappers.prefixKeys("k"))
                .with(Wrappers.prefixCollections("c"))
                .build();
        CountingValue value = new CountingValue(Map.of("a", 1, "nested", Map.of("b", List.of(true, "x"))));
        store.put("users", "alice", value, null).block(PATIENCE);
        assertThat(value.reads).hasValue(1);
        assertThat(store.get("users", "alice").block(PATIENCE)).isEqualTo(value);

        CountingValue first = new CountingValue(Map.of("n", 1));
        CountingValue second = new CountingValue(Map.of("n", 2));
        Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
        batch.put("one", first);
        batch.put("two", second);
        store.putMany("users", batch, null).block(PATIENCE);
        assertThat(first.reads).hasValue(1);
        assertThat(second.reads).hasValue(1);
    }

    @Test
    void aValueIsCopiedOnceThroughLayersThatCopyForThemselves() {
        // limitSize and compression need the canonical value first; the layers and the store under them take
        // that copy as it is: the store ends up holding the very instance the first copy made
        KeyValueStore raw = MemoryStore.create();
        KeyValueStore store = KeyValue.of(raw)
                .with(Wrappers.compression(1_000_000))
                .with(Wrappers.limitSize().max(1_000_000).build())
                .with(Wrappers.prefixKeys("k"))
                .build();
        CountingValue value = new CountingValue(Map.of("a", 1));
        store.put("c", "k", value, null).block(PATIENCE);
        assertThat(value.reads).hasValue(1);
        assertThat(store.get("c", "k").block(PATIENCE)).isEqualTo(Map.of("a", 1));

        Map<String, Object> canonical = JsonValues.copyObject(Map.of("b", List.of(1, 2)));
        assertThat(JsonValues.copyObject(canonical)).isSameAs(canonical);
        store.put("c", "again", canonical, null).block(PATIENCE);
        assertThat(raw.get("c", "k__again").block(PATIENCE)).isSameAs(canonical);
        // a value read back is written back without a copy too
        Map<String, Object> read = store.get("c", "again").block(PATIENCE);
        store.put("c", "copy", read, null).block(PATIENCE);
        assertThat(raw.get("c", "k__copy").block(PATIENCE)).isSameAs(canonical);
    }

    @Test
    void renamingLayersLeaveTheNameRulesToTheStoreThatReceivesTheNames() {
        RecordingStore recorder = new RecordingStore();
        KeyValueStore store = renamingChain(recorder);
        String unpaired = "bad\uD800name";
        String tooLong = "x".repeat(5_000);
        for (String[] names : List.of(new String[] {unpaired, "key"}, new String[] {"users", unpaired},
                new String[] {tooLong, "key"}, new String[] {"users", tooLong})) {
            store.put(names[0], names[1], Map.of("v", 1), null).block(PATIENCE);
        }
        // four calls, each seen once by the store, with the stored names: no renaming layer ran the rules
        assertThat(recorder.puts).containsExactly(
                "c__" + unpaired + "|k__key", "c__users|k__" + unpaired,
                "c__" + tooLong + "|k__key", "c__users|k__" + tooLong);

        // what a prefix would hide is refused by the layer that adds it, before the store sees the call
        StepVerifier.create(store.put("", "key", Map.of("v", 1), null)).expectError(InvalidCollectionException.class).verify(PATIENCE);
        StepVerifier.create(store.put(null, "key", Map.of("v", 1), null)).expectError(InvalidCollectionException.class).verify(PATIENCE);
        StepVerifier.create(store.put("users", "", Map.of("v", 1), null)).expectError(InvalidKeyException.class).verify(PATIENCE);
        StepVerifier.create(store.put("users", null, Map.of("v", 1), null)).expectError(InvalidKeyException.class).verify(PATIENCE);
        assertThat(recorder.puts).hasSize(4);

        // over a real store the one validation is the store's, with the typed error of the caller's name
        KeyValueStore real = renamingChain(MemoryStore.create());
        StepVerifier.create(real.put(unpaired, "key", Map.of("v", 1), null)).expectError(InvalidCollectionException.class).verify(PATIENCE);
        StepVerifier.create(real.put("users", unpaired, Map.of("v", 1), null)).expectError(InvalidKeyException.class).verify(PATIENCE);
    }

    @Test
    void theSingleCollectionWrapperChecksTheCollectionItselfAsTheStoreOnlySeesItInsideAKey() {
        RecordingStore recorder = new RecordingStore();
        KeyValueStore store = KeyValue.of(recorder).with(Wrappers.singleCollection("all")).build();
        StepVerifier.create(store.put("bad\uD800", "key", Map.of("v", 1), null))
                .expectError(InvalidCollectionException.class).verify(PATIENCE);
        store.put("users", "bad\uD800", Map.of("v", 1), null).block(PATIENCE);
        assertThat(recorder.puts).containsExactly("all|users__bad\uD800");
    }
}
