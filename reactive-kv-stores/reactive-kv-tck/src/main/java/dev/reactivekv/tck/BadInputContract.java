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
import java.util.UUID;
import java.util.function.Function;

import dev.reactivekv.Capability;
import dev.reactivekv.Lookup;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.error.InvalidTtlException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.SerializationException;
import dev.reactivekv.spi.Validation;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Every invalid key, collection, TTL and value gets its typed error, before any I/O, and changes nothing. Mandatory. */
public interface BadInputContract extends StoreContract {

    private static List<String> badNames() {
        return Arrays.asList(null, "", "x".repeat(Validation.MAX_NAME_LENGTH + 1), "bad\uD800surrogate");
    }

    private void expectError(Publisher<?> publisher, Class<? extends KeyValueException> type) {
        StepVerifier.create(publisher).expectError(type).verify(patience());
    }

    private void assertNothingWritten() {
        if (store().capabilities().contains(Capability.SCAN)) {
            assertThat(store().keys(collection()).collectList().block()).isEmpty();
        } else {
            // a store that cannot list (memcached): every key these tests try to write is still absent
            assertThat(store().getMany(collection(), List.of("k", "fine", "good", "bad")).collectList().block(patience()))
                    .noneMatch(Lookup::isHit);
        }
    }

    @Test
    default void invalidKeysAreRejectedByEveryOperation() {
        for (String bad : badNames()) {
            Map<String, Map<String, Object>> batch = new HashMap<>();
            batch.put("fine", value("v"));
            batch.put(bad, value("v"));
            List<String> keys = Arrays.asList("fine", bad);
            List<Function<String, Publisher<?>>> ops = List.of(
                    k -> store().get(collection(), k),
                    k -> store().ttl(collection(), k),
                    k -> store().put(collection(), k, value("v"), null),
                    k -> store().delete(collection(), k),
                    k -> store().exists(collection(), k),
                    k -> store().getMany(collection(), keys),
                    k -> store().deleteMany(collection(), keys),
                    k -> store().putMany(collection(), batch, null));
            for (Function<String, Publisher<?>> op : ops) {
                expectError(op.apply(bad), InvalidKeyException.class);
            }
        }
        expectError(store().getMany(collection(), null), InvalidKeyException.class);
        assertNothingWritten();
    }

    @Test
    default void invalidCollectionsAreRejectedByEveryOperation() {
        for (String bad : badNames()) {
            List<Publisher<?>> ops = List.of(
                    store().get(bad, "k"),
                    store().ttl(bad, "k"),
                    store().put(bad, "k", value("v"), null),
                    store().delete(bad, "k"),
                    store().exists(bad, "k"),
                    store().getMany(bad, List.of("k")),
                    store().putMany(bad, Map.of("k", value("v")), null),
                    store().deleteMany(bad, List.of("k")),
                    store().keys(bad),
                    store().keyPage(bad, dev.reactivekv.ScanOptions.all()),
                    store().destroyCollection(bad),
                    store().watch(bad));
            for (Publisher<?> op : ops) {
                expectError(op, InvalidCollectionException.class);
            }
        }
    }

    @Test
    default void invalidTtlsAreRejectedAndNothingIsWritten() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-100), Duration.ofNanos(-1),
                Validation.MAX_TTL.plusSeconds(1), Duration.ofSeconds(Long.MAX_VALUE))) {
            expectError(store().put(collection(), "k", value("v"), bad), InvalidTtlException.class);
            expectError(store().putMany(collection(), Map.of("k", value("v")), bad), InvalidTtlException.class);
        }
        assertNothingWritten();
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
        assertNothingWritten();
    }

    @Test
    default void nothingIsThrownFromTheCallItself() {
        assertThatCode(() -> {
            store().get(null, null);
            store().put(null, null, null, Duration.ZERO);
            store().putMany(null, null, null);
            store().getMany(null, null);
            store().keys(null, null);
            store().watch(null, null);
        }).doesNotThrowAnyException();
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
