package dev.reactivekv.tck;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import dev.reactivekv.Capability;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.error.InvalidTtlException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.SerializationException;
import dev.reactivekv.error.UnsupportedCapabilityException;
import dev.reactivekv.spi.Validation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every invalid key, collection, TTL, expected version and value gets its typed error, before any I/O,
 * and changes nothing; nothing is thrown from the call itself; an operation that needs a capability the
 * store does not declare fails with {@link UnsupportedCapabilityException}. Mandatory.
 *
 * <p>An operation that needs a capability the store lacks may refuse bad input either way: with the
 * input's own error or with {@link UnsupportedCapabilityException} (both are refusals before any I/O).
 */
public interface BadInputContract extends StoreContract {

    private static List<String> badNames() {
        return Arrays.asList(null, "", "x".repeat(Validation.MAX_NAME_LENGTH + 1), "bad\uD800surrogate");
    }

    private static List<Duration> badTtls() {
        return List.of(Duration.ZERO, Duration.ofSeconds(-100), Duration.ofNanos(-1),
                Validation.MAX_TTL.plusSeconds(1), Duration.ofSeconds(Long.MAX_VALUE));
    }

    private void expectError(Publisher<?> publisher, Class<? extends KeyValueException> type) {
        StepVerifier.create(publisher).expectError(type).verify(patience());
    }

    /** {@code op} fails with {@code type}; or, when the store lacks {@code needs}, with that or UnsupportedCapabilityException. */
    private void expectRefusal(String op, Publisher<?> publisher, Class<? extends KeyValueException> type,
                               @Nullable Capability needs) {
        boolean either = needs != null && !store().capabilities().contains(needs);
        StepVerifier.create(publisher).as(op)
                .expectErrorSatisfies(e -> {
                    if (either) {
                        assertThat(e).as(op).isInstanceOfAny(type, UnsupportedCapabilityException.class);
                    } else {
                        assertThat(e).as(op).isInstanceOf(type);
                    }
                })
                .verify(patience());
    }

    private void assertNothingWritten(String... keys) {
        if (store().capabilities().contains(Capability.SCAN)) {
            assertThat(store().keys(collection()).collectList().block(patience())).isEmpty();
        }
        for (String k : keys) {
            assertThat(store().exists(collection(), k).block(patience())).as("%s exists", k).isFalse();
        }
    }

    @Test
    default void invalidKeysAreRejectedByEveryOperation() {
        String c = collection();
        for (String bad : badNames()) {
            Map<String, Map<String, Object>> batch = new HashMap<>();
            batch.put("fine", value("v"));
            batch.put(bad, value("v"));
            List<String> keys = Arrays.asList("fine", bad);
            Map<String, Publisher<?>> ops = new LinkedHashMap<>();
            ops.put("get", store().get(c, bad));
            ops.put("ttl", store().ttl(c, bad));
            ops.put("put", store().put(c, bad, value("v"), null));
            ops.put("delete", store().delete(c, bad));
            ops.put("exists", store().exists(c, bad));
            ops.put("getMany", store().getMany(c, keys));
            ops.put("ttlMany", store().ttlMany(c, keys));
            ops.put("deleteMany", store().deleteMany(c, keys));
            ops.put("putMany", store().putMany(c, batch, null));
            ops.forEach((op, call) -> expectRefusal(op + "(" + describe(bad) + ")", call, InvalidKeyException.class, null));
            expectRefusal("putIfAbsent(" + describe(bad) + ")", store().putIfAbsent(c, bad, value("v"), null),
                    InvalidKeyException.class, Capability.CONDITIONAL_WRITES);
            expectRefusal("compareAndSet(" + describe(bad) + ")", store().compareAndSet(c, bad, "1", value("v"), null),
                    InvalidKeyException.class, Capability.CONDITIONAL_WRITES);
        }
        expectRefusal("getMany(null list)", store().getMany(c, null), InvalidKeyException.class, null);
        expectRefusal("ttlMany(null list)", store().ttlMany(c, null), InvalidKeyException.class, null);
        expectRefusal("deleteMany(null list)", store().deleteMany(c, null), InvalidKeyException.class, null);
        assertNothingWritten("fine");
    }

    @Test
    default void invalidCollectionsAreRejectedByEveryOperation() {
        for (String bad : badNames()) {
            Map<String, Publisher<?>> ops = new LinkedHashMap<>();
            ops.put("get", store().get(bad, "k"));
            ops.put("ttl", store().ttl(bad, "k"));
            ops.put("put", store().put(bad, "k", value("v"), null));
            ops.put("delete", store().delete(bad, "k"));
            ops.put("exists", store().exists(bad, "k"));
            ops.put("getMany", store().getMany(bad, List.of("k")));
            ops.put("ttlMany", store().ttlMany(bad, List.of("k")));
            ops.put("putMany", store().putMany(bad, Map.of("k", value("v")), null));
            ops.put("deleteMany", store().deleteMany(bad, List.of("k")));
            ops.put("destroyCollection", store().destroyCollection(bad));
            ops.forEach((op, call) -> expectRefusal(op + "(" + describe(bad) + ")", call, InvalidCollectionException.class, null));
            Map<String, Publisher<?>> conditional = new LinkedHashMap<>();
            conditional.put("putIfAbsent", store().putIfAbsent(bad, "k", value("v"), null));
            conditional.put("compareAndSet", store().compareAndSet(bad, "k", "1", value("v"), null));
            conditional.forEach((op, call) -> expectRefusal(op + "(" + describe(bad) + ")", call,
                    InvalidCollectionException.class, Capability.CONDITIONAL_WRITES));
            expectRefusal("keys(" + describe(bad) + ")", store().keys(bad), InvalidCollectionException.class, Capability.SCAN);
            expectRefusal("keyPage(" + describe(bad) + ")", store().keyPage(bad, ScanOptions.all()),
                    InvalidCollectionException.class, Capability.SCAN);
            expectRefusal("watch(" + describe(bad) + ")", store().watch(bad), InvalidCollectionException.class, Capability.WATCH);
        }
    }

    @Test
    default void invalidTtlsAreRejectedAndNothingIsWritten() {
        String c = collection();
        for (Duration bad : badTtls()) {
            expectRefusal("put(" + bad + ")", store().put(c, "k", value("v"), bad), InvalidTtlException.class, null);
            expectRefusal("putMany(" + bad + ")", store().putMany(c, Map.of("k", value("v")), bad), InvalidTtlException.class, null);
            expectRefusal("putIfAbsent(" + bad + ")", store().putIfAbsent(c, "k", value("v"), bad),
                    InvalidTtlException.class, Capability.CONDITIONAL_WRITES);
        }
        assertNothingWritten("k");
        store().put(c, "held", value("before"), null).block(patience());
        String version = store().ttl(c, "held").block(patience()).version();
        for (Duration bad : badTtls()) {
            expectRefusal("compareAndSet(" + bad + ")", store().compareAndSet(c, "held", version, value("after"), bad),
                    InvalidTtlException.class, Capability.CONDITIONAL_WRITES);
        }
        Entry held = store().ttl(c, "held").block(patience());
        assertThat(held.value()).isEqualTo(value("before"));
        assertThat(held.version()).isEqualTo(version);
        assertThat(held.expiresAt()).isNull();
    }

    @Test
    default void nullOrEmptyExpectedVersionsAreRejected() {
        String c = collection();
        store().put(c, "held", value("before"), null).block(patience());
        for (String bad : Arrays.asList(null, "")) {
            expectRefusal("compareAndSet(version " + describe(bad) + ")",
                    store().compareAndSet(c, "held", bad, value("after"), null),
                    InvalidKeyException.class, Capability.CONDITIONAL_WRITES);
            expectRefusal("compareAndSet(absent key, version " + describe(bad) + ")",
                    store().compareAndSet(c, "absent", bad, value("after"), null),
                    InvalidKeyException.class, Capability.CONDITIONAL_WRITES);
        }
        assertThat(store().get(c, "held").block(patience())).isEqualTo(value("before"));
        assertThat(store().exists(c, "absent").block(patience())).isFalse();
    }

    /**
     * A store that lacks {@code SCAN}, {@code WATCH}, {@code CONDITIONAL_WRITES} or {@code ORDERED_SCAN}
     * refuses the operations that need them, as an error and without writing. (A store that declares all
     * of them has nothing to refuse here: their own contracts prove them.)
     */
    @Test
    default void operationsNeedingAnUndeclaredCapabilityFailWithUnsupportedCapabilityException() {
        Set<Capability> caps = store().capabilities();
        String c = collection();
        Map<String, Publisher<?>> refused = new LinkedHashMap<>();
        if (!caps.contains(Capability.SCAN)) {
            refused.put("keys", store().keys(c));
            refused.put("keyPage", store().keyPage(c, ScanOptions.all()));
            refused.put("collections", store().collections());
        }
        if (!caps.contains(Capability.WATCH)) {
            refused.put("watch", store().watch(c));
            refused.put("watch(key)", store().watch(c, KeyFilter.key("k")));
        }
        if (!caps.contains(Capability.CONDITIONAL_WRITES)) {
            refused.put("putIfAbsent", store().putIfAbsent(c, "k", value("v"), null));
            refused.put("compareAndSet", store().compareAndSet(c, "k", "1", value("v"), null));
        }
        if (!caps.contains(Capability.ORDERED_SCAN)) {
            refused.put("keys(after)", store().keys(c, ScanOptions.all().withAfter("a")));
            refused.put("keyPage(after)", store().keyPage(c, ScanOptions.all().withAfter("a")));
        }
        refused.forEach((op, call) -> StepVerifier.create(call).as(op)
                .expectError(UnsupportedCapabilityException.class).verify(patience()));
        assertThat(store().exists(c, "k").block(patience())).as("written by a refused operation").isFalse();
    }

    private static String describe(@Nullable String name) {
        return name == null ? "null" : name.length() > 20 ? name.length() + " chars" : "\"" + name + "\"";
    }

    @Test
    default void valuesThatAreNotJsonObjectsAreRejectedAndNothingIsWritten() {
        Map<Object, Object> nonStringKey = new HashMap<>();
        nonStringKey.put(1, "one");
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> cursor = deep;
        for (int i = 0; i < 600; i++) {
            Map<String, Object> next = new HashMap<>();
            cursor.put("d", next);
            cursor = next;
        }
        List<Map<String, ?>> bad = new ArrayList<>();
        bad.add(null);
        bad.add(Map.of("nested", nonStringKey));
        bad.add(Map.of("date", new Date()));
        bad.add(Map.of("date", LocalDate.of(2025, 1, 1)));
        bad.add(Map.of("uuid", UUID.fromString("12345678-1234-5678-1234-567812345678")));
        bad.add(Map.of("bytes", new StringBuilder("not a string")));
        bad.add(Map.of("nan", Double.NaN));
        bad.add(Map.of("inf", Double.POSITIVE_INFINITY));
        bad.add(Map.of("object", new Object()));
        bad.add(deep);
        for (Map<String, ?> v : bad) {
            expectError(store().put(collection(), "k", v, null), SerializationException.class);
            Map<String, Map<String, ?>> batch = new LinkedHashMap<>();
            batch.put("good", value("v"));
            batch.put("bad", v);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Map<String, Map<String, Object>> cast = (Map) batch;
            expectError(store().putMany(collection(), cast, null), SerializationException.class);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> raw = (Map) Collections.singletonMap(null, "null key");
        expectError(store().put(collection(), "k", raw, null), SerializationException.class);
        assertNothingWritten("k", "good");
    }

    /** Every operation, called with nothing but nulls (and a zero TTL), returns a publisher; subscribed, it fails typed. */
    @Test
    default void nothingIsThrownFromTheCallItself() {
        Map<String, Supplier<Publisher<?>>> calls = new LinkedHashMap<>();
        calls.put("get", () -> store().get(null, null));
        calls.put("ttl", () -> store().ttl(null, null));
        calls.put("put", () -> store().put(null, null, null, Duration.ZERO));
        calls.put("delete", () -> store().delete(null, null));
        calls.put("exists", () -> store().exists(null, null));
        calls.put("getMany", () -> store().getMany(null, null));
        calls.put("ttlMany", () -> store().ttlMany(null, null));
        calls.put("putMany", () -> store().putMany(null, null, Duration.ZERO));
        calls.put("deleteMany", () -> store().deleteMany(null, null));
        calls.put("putIfAbsent", () -> store().putIfAbsent(null, null, null, Duration.ZERO));
        calls.put("compareAndSet", () -> store().compareAndSet(null, null, null, null, Duration.ZERO));
        calls.put("keys", () -> store().keys(null, null));
        calls.put("keys(collection)", () -> store().keys(null));
        calls.put("keyPage", () -> store().keyPage(null, null));
        calls.put("destroyCollection", () -> store().destroyCollection(null));
        calls.put("watch", () -> store().watch(null, null));
        calls.put("watch(collection)", () -> store().watch(null));
        calls.forEach((op, call) -> {
            List<Publisher<?>> returned = new ArrayList<>();
            assertThatCode(() -> returned.add(call.get())).as(op + " called with nulls").doesNotThrowAnyException();
            assertThat(returned.get(0)).as(op + " returned a publisher").isNotNull();
            StepVerifier.create(returned.get(0)).as(op + " with nulls")
                    .expectErrorSatisfies(e -> assertThat(e).as(op).isInstanceOf(KeyValueException.class))
                    .verify(patience());
        });
        assertThatCode(() -> store().collections()).doesNotThrowAnyException();
    }

    /**
     * Pairs that py-key-value's compound key {@code collection::key} would map to one stored key. A store
     * may refuse a side (with {@link InvalidCollectionException}); what it accepts must never overwrite
     * the other side.
     */
    @Test
    default void ambiguousCollectionKeyPairsNeverOverwriteEachOther() {
        String c = collection();
        List<List<String>> pairs = List.of(
                List.of(c + ":", "b", c, ":b"),
                List.of(c + "::x", "y", c, "x::y"),
                List.of(c + ":", ":b", c + "::", "b"),
                List.of(c + "::", "", c, "::"));
        for (List<String> p : pairs) {
            Map<String, Object> first = value(p.get(0) + "|" + p.get(1));
            Map<String, Object> second = value(p.get(2) + "|" + p.get(3));
            boolean firstWritten = acceptedOrRefused(p.get(0), p.get(1), first);
            boolean secondWritten = acceptedOrRefused(p.get(2), p.get(3), second);
            if (firstWritten) {
                assertThat(store().get(p.get(0), p.get(1)).block(patience())).as("%s after writing %s", p.subList(0, 2), p.subList(2, 4))
                        .isEqualTo(first);
                store().destroyCollection(p.get(0)).block(patience());
            }
            if (secondWritten) {
                assertThat(store().get(p.get(2), p.get(3)).block(patience())).as("%s after writing %s", p.subList(2, 4), p.subList(0, 2))
                        .isEqualTo(second);
            }
        }
    }

    /** Writes unless the names are invalid for this store; an empty key is always invalid. */
    private boolean acceptedOrRefused(String collection, String key, Map<String, Object> value) {
        if (key.isEmpty()) {
            StepVerifier.create(store().put(collection, key, value, null)).expectError(InvalidKeyException.class).verify(patience());
            return false;
        }
        try {
            store().put(collection, key, value, null).block(patience());
            return true;
        } catch (InvalidCollectionException refused) {
            return false;
        }
    }
}
