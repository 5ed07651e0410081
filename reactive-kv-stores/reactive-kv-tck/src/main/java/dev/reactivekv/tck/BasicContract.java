package dev.reactivekv.tck;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivekv.Capability;
import dev.reactivekv.Entry;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.spi.JsonValues;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreClosedException;
import dev.reactivekv.error.UnsupportedCapabilityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import org.reactivestreams.Publisher;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Single-key reads and writes, value fidelity, isolation and lifecycle. Mandatory. */
public interface BasicContract extends StoreContract {

    @Test
    default void getOfMissingKeyIsEmpty() {
        StepVerifier.create(store().get(collection(), "test")).verifyComplete();
    }

    @Test
    default void ttlOfMissingKeyIsEmpty() {
        StepVerifier.create(store().ttl(collection(), "test")).verifyComplete();
    }

    @Test
    default void putThenGetReturnsTheValue() {
        StepVerifier.create(store().get(collection(), "test")).verifyComplete();
        StepVerifier.create(store().put(collection(), "test", value("test"), null)).verifyComplete();
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("test")).verifyComplete();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.reactivekv.tck.ValueCases#simpleArguments")
    default void simpleValuesRoundTripWithTheirTypes(ValueCases.Case c) {
        roundTrip(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.reactivekv.tck.ValueCases#largeArguments")
    default void largeValuesRoundTrip(ValueCases.Case c) {
        roundTrip(c);
    }

    private void roundTrip(ValueCases.Case c) {
        store().put(collection(), "case", c.value(), null).block(patience());
        Map<String, Object> got = store().get(collection(), "case").block(patience());
        assertThat(got).isEqualTo(JsonValues.copyObject(c.value()));
        // equal maps can still differ in number types: 1.0 must stay a Double, 10^18 a Long
        assertThat(typesOf(got)).isEqualTo(typesOf(JsonValues.copyObject(c.value())));
    }

    private static Object typesOf(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new HashMap<>();
            m.forEach((k, x) -> out.put(k, typesOf(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(BasicContract::typesOf).toList();
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    @Test
    default void overwriteReplacesTheValue() {
        store().put(collection(), "test", value("test"), null).block(patience());
        store().put(collection(), "test", value("test_2"), null).block(patience());
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("test_2")).verifyComplete();
        StepVerifier.create(store().delete(collection(), "test")).expectNext(true).verifyComplete();
        StepVerifier.create(store().get(collection(), "test")).verifyComplete();
    }

    @Test
    default void deleteOfMissingKeyIsFalse() {
        StepVerifier.create(store().delete(collection(), "test")).expectNext(false).verifyComplete();
    }

    @Test
    default void deleteTwiceIsTrueThenFalse() {
        store().put(collection(), "test", value("test"), null).block(patience());
        StepVerifier.create(store().delete(collection(), "test")).expectNext(true).verifyComplete();
        StepVerifier.create(store().delete(collection(), "test")).expectNext(false).verifyComplete();
        StepVerifier.create(store().get(collection(), "test")).verifyComplete();
    }

    @Test
    default void existsFollowsPutAndDelete() {
        StepVerifier.create(store().exists(collection(), "test")).expectNext(false).verifyComplete();
        store().put(collection(), "test", value("test"), null).block(patience());
        StepVerifier.create(store().exists(collection(), "test")).expectNext(true).verifyComplete();
        store().delete(collection(), "test").block(patience());
        StepVerifier.create(store().exists(collection(), "test")).expectNext(false).verifyComplete();
    }

    @Test
    default void collectionsAreIsolated() {
        store().put(collection(), "test", value("one"), null).block(patience());
        store().put(otherCollection(), "test", value("two"), null).block(patience());
        StepVerifier.create(store().get(collection(), "test")).expectNext(value("one")).verifyComplete();
        StepVerifier.create(store().get(otherCollection(), "test")).expectNext(value("two")).verifyComplete();
        store().delete(collection(), "test").block(patience());
        StepVerifier.create(store().get(otherCollection(), "test")).expectNext(value("two")).verifyComplete();
    }

    @Test
    default void namesThatLookLikeTheCompoundSeparatorNeverCollide() {
        // "c::x" + "y" and "c" + "x::y" share the compound key "c::x::y" of py-key-value's layout:
        // a store must either keep them apart or refuse the ambiguous collection name
        String c1 = collection() + "::x";
        Throwable refused = store().put(c1, "y", value("first"), null)
                .then(reactor.core.publisher.Mono.<Throwable>empty())
                .onErrorResume(reactor.core.publisher.Mono::just).block(patience());
        store().put(collection(), "x::y", value("second"), null).block(patience());
        if (refused != null) {
            assertThat(refused).isInstanceOf(dev.reactivekv.error.InvalidCollectionException.class);
        } else {
            StepVerifier.create(store().get(c1, "y")).expectNext(value("first")).verifyComplete();
        }
        StepVerifier.create(store().get(collection(), "x::y")).expectNext(value("second")).verifyComplete();
    }

    @Test
    default void longAndSpecialNamesRoundTrip() {
        String longCollection = collection() + "test_collection".repeat(100);
        String special = collection() + "!@#$%^&*() ünï 🌍";
        store().put(longCollection, "test", value("long collection"), null).block(patience());
        store().put(special, "test", value("special collection"), null).block(patience());
        store().put(collection(), "test_key".repeat(100), value("long key"), null).block(patience());
        store().put(collection(), "test_key!@#$%^&*()*?[] ünï 🌍", value("special key"), null).block(patience());
        StepVerifier.create(store().get(longCollection, "test")).expectNext(value("long collection")).verifyComplete();
        StepVerifier.create(store().get(special, "test")).expectNext(value("special collection")).verifyComplete();
        StepVerifier.create(store().get(collection(), "test_key".repeat(100))).expectNext(value("long key")).verifyComplete();
        StepVerifier.create(store().get(collection(), "test_key!@#$%^&*()*?[] ünï 🌍"))
                .expectNext(value("special key")).verifyComplete();
    }

    @Test
    default void returnedValuesAreImmutableAndInputsAreCopied() {
        Map<String, Object> input = new HashMap<>(Map.of("list", new java.util.ArrayList<>(List.of(1, 2))));
        store().put(collection(), "test", input, null).block(patience());
        input.put("extra", true);
        @SuppressWarnings("unchecked")
        List<Object> inner = (List<Object>) input.get("list");
        inner.add(3);
        Map<String, Object> got = store().get(collection(), "test").block(patience());
        assertThat(got).isEqualTo(Map.of("list", List.of(1, 2)));
        assertThatThrownBy(() -> got.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) got.get("list")).add(9)).isInstanceOf(UnsupportedOperationException.class);
        StepVerifier.create(store().get(collection(), "test")).expectNext(Map.of("list", List.of(1, 2))).verifyComplete();
    }

    @Test
    default void entryCarriesVersionAndCreationTime() {
        store().put(collection(), "test", value("one"), null).block(patience());
        Entry first = store().ttl(collection(), "test").block(patience());
        assertThat(first).isNotNull();
        assertThat(first.value()).isEqualTo(value("one"));
        assertThat(first.version()).isNotEmpty();
        assertThat(first.expiresAt()).isNull();
        assertThat(first.ttl()).isNull();
        store().put(collection(), "test", value("two"), null).block(patience());
        Entry second = store().ttl(collection(), "test").block(patience());
        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(store().ttl(collection(), "test").block(patience()).version()).isEqualTo(second.version());
    }

    @Test
    default void destroyCollectionRemovesOnlyThatCollection() {
        store().put(collection(), "a", value("a"), null).block(patience());
        store().put(collection(), "b", value("b"), null).block(patience());
        store().put(otherCollection(), "a", value("other"), null).block(patience());
        boolean canList = store().capabilities().contains(Capability.SCAN);
        if (!canList) {
            // a store that cannot list its keys (memcached) may refuse, loudly and changing nothing
            Throwable refused = store().destroyCollection(collection()).then(Mono.<Throwable>empty())
                    .onErrorResume(Mono::just).block(patience());
            if (refused != null) {
                assertThat(refused).isInstanceOf(UnsupportedCapabilityException.class);
                StepVerifier.create(store().get(collection(), "a")).expectNext(value("a")).verifyComplete();
                StepVerifier.create(store().get(otherCollection(), "a")).expectNext(value("other")).verifyComplete();
                return;
            }
            store().put(collection(), "a", value("a"), null).block(patience()); // it did destroy: run the contract below
        }
        StepVerifier.create(store().destroyCollection(collection())).expectNext(true).verifyComplete();
        StepVerifier.create(store().get(collection(), "a")).verifyComplete();
        StepVerifier.create(store().get(collection(), "b")).verifyComplete();
        if (canList) {
            StepVerifier.create(store().keys(collection())).verifyComplete();
        }
        StepVerifier.create(store().get(otherCollection(), "a")).expectNext(value("other")).verifyComplete();
        StepVerifier.create(store().destroyCollection(collection())).expectNext(false).verifyComplete();
    }

    @Test
    default void operationsAreLazyUntilSubscribed() {
        store().put(collection(), "test", value("test"), null); // never subscribed
        StepVerifier.create(store().get(collection(), "test")).verifyComplete();
    }

    /** Every operation on a closed store fails with StoreClosedException (or, needing a capability the store lacks, UnsupportedCapabilityException). */
    @Test
    default void closeIsIdempotentAndLaterOperationsFail() {
        KeyValueStore s = newStore();
        s.put(collection(), "test", value("test"), null).block(patience());
        String version = s.ttl(collection(), "test").block(patience()).version();
        s.close();
        s.close();
        String c = collection();
        Map<String, Publisher<?>> ops = new LinkedHashMap<>();
        ops.put("get", s.get(c, "test"));
        ops.put("ttl", s.ttl(c, "test"));
        ops.put("put", s.put(c, "test", value("x"), null));
        ops.put("delete", s.delete(c, "test"));
        ops.put("exists", s.exists(c, "test"));
        ops.put("getMany", s.getMany(c, List.of("test")));
        ops.put("ttlMany", s.ttlMany(c, List.of("test")));
        ops.put("putMany", s.putMany(c, Map.of("test", value("x")), null));
        ops.put("deleteMany", s.deleteMany(c, List.of("test")));
        ops.put("destroyCollection", s.destroyCollection(c));
        Map<String, Capability> needs = new LinkedHashMap<>();
        ops.put("putIfAbsent", s.putIfAbsent(c, "other", value("x"), null));
        needs.put("putIfAbsent", Capability.CONDITIONAL_WRITES);
        ops.put("compareAndSet", s.compareAndSet(c, "test", version, value("x"), null));
        needs.put("compareAndSet", Capability.CONDITIONAL_WRITES);
        ops.put("keys", s.keys(c));
        needs.put("keys", Capability.SCAN);
        ops.put("keyPage", s.keyPage(c, ScanOptions.all()));
        needs.put("keyPage", Capability.SCAN);
        ops.put("collections", s.collections());
        needs.put("collections", Capability.SCAN);
        ops.put("watch", s.watch(c));
        needs.put("watch", Capability.WATCH);
        ops.forEach((op, call) -> {
            Capability needed = needs.get(op);
            boolean either = needed != null && !s.capabilities().contains(needed);
            StepVerifier.create(call).as(op + " after close")
                    .expectErrorSatisfies(e -> {
                        if (either) {
                            assertThat(e).as(op).isInstanceOfAny(StoreClosedException.class, UnsupportedCapabilityException.class);
                        } else {
                            assertThat(e).as(op).isInstanceOf(StoreClosedException.class);
                        }
                    })
                    .verify(patience());
        });
    }
}
