package dev.reactivekv.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivekv.Capability;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.Lookup;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.codec.SanitizationStrategy;
import dev.reactivekv.error.EntryTooLargeException;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.UnsupportedCapabilityException;
import dev.reactivekv.spi.Versions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * py-key-value's memcached layout read and written by a plain client (what aiomcache sends), key
 * sanitization, native expiry as the server reports it, one request per bulk call, and what
 * memcached cannot do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemcachedInteropTest {

    private final String c = "interop-" + UUID.randomUUID();
    private RawMemcached raw;
    private KeyValueStore shared;

    @BeforeAll
    void open() {
        raw = new RawMemcached(MemcachedServers.port());
        shared = store(Clock.systemUTC());
    }

    @AfterAll
    void close() {
        shared.close();
        raw.close();
    }

    private static KeyValueStore store(Clock clock) {
        return MemcachedStore.builder().port(MemcachedServers.port()).clock(clock).build();
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void readsWhatPythonWrites() {
        String python = "{\"collection\": \"" + c + "\", \"created_at\": \"2025-01-01T12:30:45.123456+00:00\", \"key\": \"k\", "
                + "\"value\": {\"age\": 30, \"name\": \"Zo\\u00eb \\ud83d\\ude00\"}, \"version\": 1}";
        raw.set(c + "::k", python);
        Entry e = shared.ttl(c, "k").block();
        assertThat(e.value()).isEqualTo(Map.of("age", 30, "name", "Zoë 😀"));
        assertThat(e.createdAt()).isEqualTo(Instant.parse("2025-01-01T12:30:45.123456Z"));
        assertThat(e.expiresAt()).isNull();
        assertThat(e.version()).isEqualTo(Versions.ofStored(python));
    }

    @Test
    void readsAPythonKeyWithNonAsciiCharactersSentAsPlainUtf8() {
        String python = "{\"created_at\": \"2025-01-01T00:00:00+00:00\", \"value\": {\"x\": 1}, \"version\": 1}";
        raw.set(c + "::ünï🌍", python); // aiomcache sends the UTF-8 bytes as they are
        assertThat(shared.get(c, "ünï🌍").block()).isEqualTo(Map.of("x", 1));
    }

    @Test
    void writesExactlyWhatPythonWrites() {
        try (KeyValueStore s = store(at("2025-01-01T12:30:45.123456Z"))) {
            s.put(c, "w", Map.of("name", "Alice", "age", 30), null).block();
        }
        assertThat(raw.getText(c + "::w")).isEqualTo("{\"collection\": \"" + c
                + "\", \"created_at\": \"2025-01-01T12:30:45.123456+00:00\", \"key\": \"w\", "
                + "\"value\": {\"age\": 30, \"name\": \"Alice\"}, \"version\": 1}");
        assertThat(raw.ttl(c + "::w")).isEqualTo(-1L);
    }

    @Test
    void longCompoundKeysAreHashedAsPyKeyValuesMemcachedV1StrategyDoes() {
        String key240 = "k".repeat(240 - (c.length() + 2));
        String key241 = key240 + "k";
        shared.put(c, key240, Map.of("n", 240), null).block();
        shared.put(c, key241, Map.of("n", 241), null).block();
        assertThat(raw.getText(c + "::" + key240)).contains("\"n\": 240"); // 240 code points: as it is
        String hashed = SanitizationStrategy.hashExcessLength(240).sanitize(c + "::" + key241);
        assertThat(hashed).isEqualTo("H_" + sha256Hex(c + "::" + key241));
        assertThat(raw.getText(hashed)).contains("\"n\": 241").contains("\"key\": \"" + key241 + "\"");
        assertThat(shared.get(c, key241).block()).isEqualTo(Map.of("n", 241));
    }

    @Test
    void compoundKeysOverMemcachedsByteLimitAreHashedToo() {
        String wide = "é".repeat(120); // 120 code points, 240 bytes: with the collection over 250 bytes
        shared.put(c, wide, Map.of("wide", true), null).block();
        assertThat(raw.getText("H_" + sha256Hex(c + "::" + wide))).contains("\"wide\": true");
        assertThat(shared.get(c, wide).block()).isEqualTo(Map.of("wide", true));
    }

    @Test
    void keysWithSpacesAndControlCharactersKeepTheirBytes() {
        for (String key : List.of("a b", "tab\there", "new\nline", "del\u007f")) {
            shared.put(c, key, Map.of("k", key), null).block();
            assertThat(raw.getText(c + "::" + key)).as(key).contains("\"value\": {\"k\": ");
            assertThat(shared.get(c, key).block()).isEqualTo(Map.of("k", key));
        }
        String spaced = " x".repeat(100); // 200 bytes with spaces: too long for a base64 key, so hashed
        shared.put(c, spaced, Map.of("spaced", true), null).block();
        assertThat(raw.getText("H_" + sha256Hex(c + "::" + spaced))).contains("\"spaced\": true");
        assertThat(shared.getMany(c, List.of("a b", spaced, "missing")).map(Lookup::isHit).collectList().block())
                .containsExactly(true, true, false);
    }

    @Test
    void nativeExpiryIsRoundedUpWithASecondToSpareAndNeverZero() {
        shared.put(c, "ms", Map.of(), Duration.ofMillis(400)).block();
        assertThat(raw.ttl(c + "::ms")).as("T2, not T0 (never)").isBetween(0L, 2L);
        shared.put(c, "s", Map.of(), Duration.ofSeconds(100)).block();
        assertThat(raw.ttl(c + "::s")).isBetween(99L, 101L);
        shared.putMany(c, Map.of("m1", Map.of(), "m2", Map.of()), Duration.ofMillis(1500)).block();
        assertThat(raw.ttl(c + "::m2")).isBetween(0L, 3L);
    }

    @Test
    void expiriesOverThirtyDaysAreSentAsAbsoluteTimes() {
        Duration days31 = Duration.ofDays(31);
        shared.put(c, "long", Map.of(), days31).block();
        // sent as a relative 2,678,401 s memcached would read it as a date in 1970, i.e. already expired
        assertThat(raw.ttl(c + "::long")).isBetween(days31.getSeconds() - 5, days31.getSeconds() + 2);
        assertThat(shared.ttl(c, "long").block().ttl()).isCloseTo(days31, Duration.ofSeconds(5));
    }

    @Test
    void expiriesPastMemcachedsYear2038LimitAreLeftToTheReadSideCheck() {
        shared.put(c, "decades", Map.of(), Duration.ofDays(365L * 20)).block();
        assertThat(raw.ttl(c + "::decades")).isEqualTo(-1L);
        assertThat(shared.ttl(c, "decades").block().ttl()).isGreaterThan(Duration.ofDays(365L * 19));
    }

    @Test
    void bulkOperationsAreOnePipelinedRequestEach() {
        MemcachedKeyValueStore s = (MemcachedKeyValueStore) shared;
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.put("b" + i, Map.of("i", i));
            keys.add("b" + i);
        }
        keys.add("absent");
        long before = s.requestsWritten();
        shared.putMany(c, entries, Duration.ofMinutes(5)).block();
        assertThat(s.requestsWritten() - before).isEqualTo(1);
        List<Lookup> got = shared.getMany(c, keys).collectList().block();
        assertThat(s.requestsWritten() - before).isEqualTo(2);
        assertThat(got).hasSize(501);
        assertThat(got.get(499).value()).contains(Map.of("i", 499));
        assertThat(got.get(500).isHit()).isFalse();
        assertThat(shared.deleteMany(c, keys).block()).isEqualTo(500L);
        assertThat(s.requestsWritten() - before).isEqualTo(3);
    }

    @Test
    void aValueOverTheServersItemLimitIsEntryTooLargeAndTheConnectionStaysInStep() {
        Map<String, Object> huge = Map.of("blob", "x".repeat(2 * 1024 * 1024));
        StepVerifier.create(shared.put(c, "huge", huge, null)).expectError(EntryTooLargeException.class).verify(Duration.ofSeconds(10));
        StepVerifier.create(shared.putMany(c, Map.of("fine", Map.of("ok", 1), "huge", huge), null))
                .expectError(EntryTooLargeException.class).verify(Duration.ofSeconds(10));
        shared.put(c, "after", Map.of("ok", true), null).block();
        assertThat(shared.get(c, "after").block()).isEqualTo(Map.of("ok", true));
        assertThat(shared.exists(c, "huge").block()).isFalse();
    }

    @Test
    void listingWatchingAndDestroyingAreUnsupported() {
        assertThat(shared.capabilities()).containsExactlyInAnyOrder(Capability.NATIVE_TTL, Capability.CONDITIONAL_WRITES);
        shared.put(c, "kept", Map.of(), null).block();
        StepVerifier.create(shared.keys(c)).expectError(UnsupportedCapabilityException.class).verify(Duration.ofSeconds(5));
        StepVerifier.create(shared.keyPage(c, ScanOptions.all())).expectError(UnsupportedCapabilityException.class)
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(shared.collections()).expectError(UnsupportedCapabilityException.class).verify(Duration.ofSeconds(5));
        StepVerifier.create(shared.watch(c)).expectError(UnsupportedCapabilityException.class).verify(Duration.ofSeconds(5));
        StepVerifier.create(shared.destroyCollection(c)).expectError(UnsupportedCapabilityException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(shared.exists(c, "kept").block()).isTrue();
    }

    @Test
    void opensFromUris() {
        try (KeyValueStore s = KeyValueStores.open(MemcachedServers.uri() + "?timeout=2s&connectTimeout=1s&threads=1")) {
            s.put(c, "u", Map.of("via", "uri"), null).block();
            assertThat(s.get(c, "u").block()).isEqualTo(Map.of("via", "uri"));
        }
        assertThatThrownBy(() -> KeyValueStores.open(MemcachedServers.uri() + "?timeOut=2s"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("timeOut");
        assertThatThrownBy(() -> KeyValueStores.open(MemcachedServers.uri() + "/0"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("no path");
        assertThatThrownBy(() -> KeyValueStores.open("memcached:nohost")).isInstanceOf(StoreSetupException.class);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
