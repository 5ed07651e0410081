package dev.reactivekv.tck.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.reactivekv.Capability;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.adapter.RaiseOnMissingAdapter;
import dev.reactivekv.adapter.TypedAdapter;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.error.MissingKeyException;
import dev.reactivekv.error.StoreClosedException;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import dev.reactivekv.wrapper.Wrapper;
import dev.reactivekv.wrapper.Wrappers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Wrappers and adapters read a store that answers during subscription (the memory store) in one step, without
 * an operator chain, and anything else through Reactor's operators: both ways must give the same signals, and
 * {@code block()} the same answers as a subscriber. Each case runs over the memory store as it is and over the
 * same store behind {@code hide()} (which answers later, like a remote store), subscribed and blocked on.
 */
class AnswersNowTest {

    static final Duration PATIENCE = Duration.ofSeconds(10);
    static final Map<String, Object> V = Map.of("data", "v");
    static final Map<String, Object> DEFAULT = Map.of("data", "default");

    /** The memory store behind {@code hide()}: its reads are no longer {@code Callable}. */
    static final class Remote extends ForwardingKeyValueStore {
        Remote(KeyValueStore delegate) {
            super(delegate);
        }

        @Override
        public Mono<Map<String, Object>> get(String collection, String key) {
            return super.get(collection, key).hide();
        }

        @Override
        public Mono<Entry> ttl(String collection, String key) {
            return super.ttl(collection, key).hide();
        }
    }

    /** Each layer over the memory store as it is and over the "remote" one. */
    static List<KeyValueStore> both(Wrapper... layers) {
        return List.of(chain(MemoryStore.create(), layers), chain(new Remote(MemoryStore.create()), layers));
    }

    static KeyValueStore chain(KeyValueStore base, Wrapper... layers) {
        KeyValue b = KeyValue.of(base);
        for (Wrapper w : layers) {
            b = b.with(w);
        }
        return b.build();
    }

    /** The same answer subscribed and blocked on: a value, empty ({@code null}) or an error of a type. */
    static <T> void same(Supplier<Mono<T>> call, @Nullable T expected) {
        if (expected == null) {
            StepVerifier.create(call.get()).expectComplete().verify(PATIENCE);
        } else {
            StepVerifier.create(call.get()).expectNext(expected).expectComplete().verify(PATIENCE);
        }
        assertThat(call.get().block(PATIENCE)).isEqualTo(expected);
        assertThat(call.get().block()).isEqualTo(expected);
    }

    static void fails(Supplier<Mono<?>> call, Class<? extends Throwable> type) {
        StepVerifier.create(call.get()).expectError(type).verify(PATIENCE);
        assertThatThrownBy(() -> call.get().block(PATIENCE)).isInstanceOf(type);
        assertThatThrownBy(() -> call.get().block()).isInstanceOf(type);
    }

    static String fernetKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getUrlEncoder().encodeToString(key);
    }

    @Test
    void valueTransformingWrappersAnswerTheSameWays() {
        for (Wrapper w : List.of(Wrappers.encryption().key(fernetKey()).build(), Wrappers.compression(1))) {
            for (KeyValueStore s : both(w)) {
                s.put("c", "k", V).block(PATIENCE);
                same(() -> s.get("c", "k"), V);
                same(() -> s.get("c", "missing"), null);
                fails(() -> s.get("c", ""), InvalidKeyException.class);
                assertThat(s.ttl("c", "k").block(PATIENCE).value()).isEqualTo(V);
                same(() -> s.ttl("c", "missing"), null);
                s.close();
                fails(() -> s.get("c", "k"), StoreClosedException.class);
            }
        }
    }

    @Test
    void defaultValueAndRaiseOnMissingAnswerTheSameWays() {
        for (KeyValueStore s : both(Wrappers.defaultValue(DEFAULT))) {
            s.put("c", "k", V).block(PATIENCE);
            same(() -> s.get("c", "k"), V);
            same(() -> s.get("c", "missing"), DEFAULT);
            assertThat(s.ttl("c", "missing").block(PATIENCE).value()).isEqualTo(DEFAULT);
            fails(() -> s.get("c", ""), InvalidKeyException.class);
        }
        for (KeyValueStore s : both()) {
            s.put("c", "k", V).block(PATIENCE);
            RaiseOnMissingAdapter a = RaiseOnMissingAdapter.of(s);
            same(() -> a.get("c", "k"), V);
            fails(() -> a.get("c", "missing"), MissingKeyException.class);
            fails(() -> a.ttl("c", "missing"), MissingKeyException.class);
            fails(() -> a.get("c", ""), InvalidKeyException.class);
        }
    }

    record Data(String data) {
    }

    @Test
    void theTypedAdapterAnswersTheSameWays() {
        for (KeyValueStore s : both()) {
            TypedAdapter<Data> typed = TypedAdapter.builder(s, Data.class).collection("c").build();
            typed.put("k", new Data("v")).block(PATIENCE);
            same(() -> typed.get("k"), new Data("v"));
            same(() -> typed.get("missing"), null);
            s.put("c", "bad", Map.of("data", List.of(1))).block(PATIENCE);
            fails(() -> typed.get("bad"), dev.reactivekv.error.DeserializationException.class);
        }
    }

    @Test
    void renamingWrappersAnswerTheSameWaysAndRefuseNamesAtSubscription() {
        KeyValueStore other = MemoryStore.create();
        for (Wrapper w : List.of(Wrappers.prefixKeys("p"), Wrappers.prefixCollections("p"), Wrappers.singleCollection("one"),
                Wrappers.routeCollections(Map.of("routed", other)), Wrappers.routing(c -> null, List.of()))) {
            for (KeyValueStore s : both(w)) {
                for (String c : List.of("c", "routed", "c")) { // the second "c" follows another name
                    s.put(c, "k", V).block(PATIENCE);
                    same(() -> s.get(c, "k"), V);
                    same(() -> s.get(c, "missing"), null);
                    same(() -> s.exists(c, "k"), true);
                    assertThat(s.ttl(c, "k").block(PATIENCE).value()).isEqualTo(V);
                }
                AtomicInteger thrown = new AtomicInteger();
                Mono<?> refused;
                try {
                    refused = s.get("", "k");
                } catch (RuntimeException e) {
                    thrown.incrementAndGet();
                    refused = null;
                }
                assertThat(thrown).hasValue(0);
                StepVerifier.create(refused).expectError(InvalidCollectionException.class).verify(PATIENCE);
                fails(() -> s.get("c", ""), InvalidKeyException.class);
            }
        }
        // a remembered name never lets a refused one through
        KeyValueStore single = chain(MemoryStore.create(), Wrappers.singleCollection("one"));
        same(() -> single.get("a", "k"), null);
        fails(() -> single.get("a__b", "k"), InvalidCollectionException.class);
        same(() -> single.get("a", "k"), null);
    }

    @Test
    void aCallersRouterIsAskedAtEachSubscription() {
        KeyValueStore a = MemoryStore.create();
        KeyValueStore b = MemoryStore.create();
        a.put("c", "k", Map.of("from", "a")).block(PATIENCE);
        b.put("c", "k", Map.of("from", "b")).block(PATIENCE);
        AtomicInteger asked = new AtomicInteger();
        Function<String, @Nullable KeyValueStore> router = c -> asked.incrementAndGet() % 2 == 1 ? a : b;
        KeyValueStore routed = chain(MemoryStore.create(), Wrappers.routing(router, List.of(a, b)));
        Mono<Map<String, Object>> get = routed.get("c", "k");
        assertThat(asked).hasValue(0);
        assertThat(get.block(PATIENCE)).isEqualTo(Map.of("from", "a"));
        assertThat(get.block(PATIENCE)).isEqualTo(Map.of("from", "b"));
        StepVerifier.create(get).expectNext(Map.of("from", "a")).verifyComplete();
    }

    @Test
    void fallbackAnswersTheSameWays() {
        KeyValueStore fallback = MemoryStore.create();
        fallback.put("c", "k", Map.of("from", "fallback")).block(PATIENCE);
        for (KeyValueStore primary : List.of(MemoryStore.create(), new Remote(MemoryStore.create()))) {
            KeyValueStore s = chain(primary, Wrappers.fallback(fallback));
            s.put("c", "k", V).block(PATIENCE);
            same(() -> s.get("c", "k"), V);
            same(() -> s.get("c", "missing"), null);
            fails(() -> s.get("c", ""), InvalidKeyException.class); // not an error that falls back
            primary.close();
            same(() -> s.get("c", "k"), Map.of("from", "fallback"));
            same(() -> s.exists("c", "k"), true);
        }
        // inside an operator chain too
        KeyValueStore closed = MemoryStore.create();
        closed.close();
        KeyValueStore s = chain(closed, Wrappers.fallback(fallback));
        StepVerifier.create(Flux.just("k", "missing").concatMap(k -> s.get("c", k)))
                .expectNext(Map.of("from", "fallback")).verifyComplete();
    }

    /** Hides the memory store's WATCH, so the cache fills on the first read. */
    static final class Unwatched extends ForwardingKeyValueStore {
        Unwatched(KeyValueStore delegate) {
            super(delegate);
        }

        @Override
        public Set<Capability> capabilities() {
            Set<Capability> c = EnumSet.copyOf(super.capabilities());
            c.remove(Capability.WATCH);
            return c;
        }
    }

    @Test
    void thePassthroughCacheAnswersTheSameWays() {
        for (boolean remoteCache : List.of(false, true)) {
            KeyValueStore cache = MemoryStore.create();
            KeyValueStore s = chain(new Unwatched(MemoryStore.create()),
                    Wrappers.passthroughCache(remoteCache ? new Remote(cache) : cache));
            s.put("c", "k", V).block(PATIENCE);
            s.put("c", "expiring", V, Duration.ofHours(1)).block(PATIENCE);
            for (int round = 0; round < 2; round++) { // a miss that fills the cache, then a hit
                same(() -> s.get("c", "k"), V);
                same(() -> s.get("c", "expiring"), V);
                same(() -> s.get("c", "missing"), null);
            }
            assertThat(cache.get("c", "k").block(PATIENCE)).containsKey("version");
            assertThat(cache.get("c", "expiring").block(PATIENCE)).containsKey("expires_at");
            fails(() -> s.get("c", ""), InvalidKeyException.class);
        }
    }

    /** Counts how often the version of an entry it reads is worked out. */
    static final class CountingVersions extends ForwardingKeyValueStore {
        final AtomicInteger versions = new AtomicInteger();

        CountingVersions(KeyValueStore delegate) {
            super(delegate);
        }

        @Override
        public Mono<Entry> ttl(String collection, String key) {
            return super.ttl(collection, key).map(e -> Entry.withLazyVersion(e.value(), () -> {
                versions.incrementAndGet();
                return e.version();
            }, e.createdAt(), e.expiresAt(), e.ttl()));
        }
    }

    @Test
    void aDecodedEntrysVersionIsWorkedOutOnlyWhenAskedFor() {
        for (Wrapper w : List.of(Wrappers.encryption().key(fernetKey()).build(), Wrappers.compression(1))) {
            KeyValueStore memory = MemoryStore.create();
            CountingVersions counting = new CountingVersions(memory);
            KeyValueStore s = chain(counting, w);
            s.put("c", "k", V).block(PATIENCE);
            Entry e = s.ttl("c", "k").block(PATIENCE);
            assertThat(e.value()).isEqualTo(V);
            assertThat(counting.versions).hasValue(0);
            assertThat(e.version()).isEqualTo(memory.ttl("c", "k").block(PATIENCE).version());
            assertThat(counting.versions).hasValue(1);
        }
    }
}
