package dev.reactivekv.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.Entry;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.spi.Versions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** Byte-level compatibility with py-key-value's Redis layout, read and written by a plain client (docs/pykv §1.3). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisInteropTest {

    private final String c = "interop-" + UUID.randomUUID();
    private RawRedis raw;

    @BeforeAll
    void open() {
        raw = RawRedis.standalone(RedisServers.redisPort());
    }

    @AfterAll
    void close() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.destroyCollection(c).block();
            s.destroyCollection(c + "*").block();
        }
        raw.close();
    }

    private KeyValueStore store(Clock clock) {
        return RedisStore.builder("redis://127.0.0.1:" + RedisServers.redisPort()).clock(clock).build();
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void readsTheLiteralPythonEnvelopeWithAStringValue() {
        String python = "{\"collection\": \"" + c + "\", \"created_at\": \"2025-01-01T12:30:45.123456+00:00\", \"key\": \"k\", "
                + "\"value\": \"{\\\"a\\\": 1.5, \\\"b\\\": 1}\", \"version\": 1}";
        raw.sync().set(c + "::k", python);
        try (KeyValueStore s = store(Clock.systemUTC())) {
            Entry e = s.ttl(c, "k").block();
            assertThat(e.value()).isEqualTo(Map.of("a", 1.5, "b", 1));
            assertThat(e.createdAt()).isEqualTo(Instant.parse("2025-01-01T12:30:45.123456Z"));
            assertThat(e.expiresAt()).isNull();
            assertThat(e.version()).isEqualTo(Versions.ofStored(python));
        }
    }

    @Test
    void readsTheLiteralPythonEnvelopeWithExpiry() {
        String python = "{\"created_at\": \"2025-01-01T00:00:00+00:00\", \"expires_at\": \"2025-01-01T00:00:10.500000+00:00\", "
                + "\"value\": {\"big\": 1180591620717411303424, \"emoji\": \"\\ud83d\\ude00\", \"list\": [1, [2, \"x\"], null, true], "
                + "\"n\": 1.0, \"name\": \"Zo\\u00eb \\u2603\"}, \"version\": 1}";
        raw.sync().set(c + "::py", python);
        try (KeyValueStore s = store(at("2025-01-01T00:00:05Z"))) {
            Entry e = s.ttl(c, "py").block();
            assertThat(e.value()).containsEntry("name", "Zoë ☃").containsEntry("emoji", "😀")
                    .containsEntry("big", new java.math.BigInteger("1180591620717411303424"));
            assertThat(e.ttl()).isEqualTo(Duration.ofMillis(5500));
        }
        try (KeyValueStore s = store(at("2025-01-01T00:00:10.500Z"))) {
            StepVerifier.create(s.get(c, "py")).verifyComplete(); // expired at exactly expires_at
        }
    }

    @Test
    void writesExactlyWhatPythonWrites() {
        try (KeyValueStore s = store(at("2025-01-01T12:30:45.123456Z"))) {
            s.put(c, "w", Map.of("b", 1, "a", 1.5), null).block();
            assertThat(raw.sync().get(c + "::w")).isEqualTo("{\"collection\": \"" + c
                    + "\", \"created_at\": \"2025-01-01T12:30:45.123456+00:00\", \"key\": \"w\", "
                    + "\"value\": {\"a\": 1.5, \"b\": 1}, \"version\": 1}");
            assertThat(raw.sync().ttl(c + "::w")).isEqualTo(-1L);
        }
    }

    @Test
    void theVersionIsThePrefixOfRedisSha1hexOfTheStoredBytes() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.put(c, "v", Map.of("name", "Zoë ☃"), null).block();
            String fromRedis = raw.sync().eval("return string.sub(redis.sha1hex(redis.call('GET', KEYS[1])), 1, 16)",
                    io.lettuce.core.ScriptOutputType.VALUE, c + "::v");
            assertThat(s.ttl(c, "v").block().version()).isEqualTo(fromRedis)
                    .isEqualTo(Versions.ofStored(raw.sync().get(c + "::v")));
        }
    }

    @Test
    void subSecondTtlsBecomeMillisecondExpiriesNeverZero() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.put(c, "short", Map.of(), Duration.ofNanos(1_000)).block(); // 1 µs: rounds up to 1 ms, not 0
            s.put(c, "ms", Map.of(), Duration.ofMillis(400)).block();
            long pttl = raw.sync().pttl(c + "::ms");
            assertThat(pttl).isBetween(1L, 400L);
            s.putMany(c, Map.of("m1", Map.of(), "m2", Map.of()), Duration.ofMillis(1500)).block();
            assertThat(raw.sync().pttl(c + "::m2")).isBetween(1000L, 1500L);
        }
    }

    @Test
    void corruptStoredTextIsADeserializationError() {
        raw.sync().set(c + "::bad", "not json {");
        try (KeyValueStore s = store(Clock.systemUTC())) {
            StepVerifier.create(s.get(c, "bad")).expectError(DeserializationException.class).verify();
            StepVerifier.create(s.getMany(c, List.of("bad"))).expectError(DeserializationException.class).verify();
        }
    }

    @Test
    void globCharactersInCollectionsAreLiteralAndTheSeparatorIsRefused() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.put(c + "*", "x", Map.of(), null).block();
            s.put(c, "y", Map.of(), null).block();
            assertThat(s.keys(c + "*").collectList().block()).containsExactly("x");
            StepVerifier.create(s.put("a::b", "k", Map.of(), null)).expectError(InvalidCollectionException.class).verify();
            StepVerifier.create(s.keys("a::b")).expectError(InvalidCollectionException.class).verify();
            StepVerifier.create(s.watch("a::b")).expectError(InvalidCollectionException.class).verify();
        }
    }

    @Test
    void aCursorOfAnotherCollectionIsRejected() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                s.put(c, "k" + i, Map.of(), null).block();
            }
            KeyPage first = s.keyPage(c, ScanOptions.all().withPageSize(2)).block();
            assertThat(first.keys()).hasSize(2);
            StepVerifier.create(s.keyPage(c + "-elsewhere", ScanOptions.all().withCursor(first.nextCursor())))
                    .expectError(InvalidCursorException.class).verify();
        }
    }

    @Test
    void opensFromUris() {
        try (KeyValueStore s = KeyValueStores.open("valkey://127.0.0.1:" + RedisServers.valkeyPort() + "/0")) {
            s.put(c, "u", Map.of("via", "uri"), null).block();
            assertThat(s.get(c, "u").block()).isEqualTo(Map.of("via", "uri"));
            s.destroyCollection(c).block();
        }
        try (KeyValueStore s = KeyValueStores.open("redis://127.0.0.1:" + RedisServers.redisPort() + "/0?watchBuffer=16")) {
            assertThat(s.exists(c, "nothing").block()).isFalse();
        }
        String nodes = String.join(",", RedisServers.clusterPorts().stream().map(p -> "127.0.0.1:" + p).toList());
        try (KeyValueStore s = KeyValueStores.open("redis-cluster://" + nodes)) {
            s.put(c, "u", Map.of("via", "cluster uri"), null).block();
            assertThat(s.get(c, "u").block()).isEqualTo(Map.of("via", "cluster uri"));
            s.destroyCollection(c).block();
        }
    }
}
