package dev.reactivekv.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.spi.Versions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * py-key-value's DynamoDB layout ({@code stores/dynamodb/store.py}), checked attribute by attribute on the raw
 * items the SDK reads back, and items written the way Python writes them read through the store. PyPI is not
 * reachable here, so the Python side is its documented layout: {@code put_item} of {@code collection} (S),
 * {@code key} (S), {@code value} (S, the envelope of {@code dump_json(entry, key, collection)}) and, with an
 * expiry, {@code ttl} (N, {@code int(expires_at.timestamp())}); {@code get_item} lets {@code ttl} override the
 * envelope's expiry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbInteropTest {

    private static final String TABLE = "rkv-interop";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String c = "interop-" + UUID.randomUUID();
    private final DynamoDbAsyncClient raw = Dynalite.rawClient();

    @AfterAll
    void close() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.destroyCollection(c).block(PATIENCE);
        }
        raw.close();
    }

    private static KeyValueStore store(Clock clock) {
        return Dynalite.store(TABLE).clock(clock).build();
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    private Map<String, AttributeValue> rawItem(String key) {
        return raw.getItem(b -> b.tableName(TABLE).key(Map.of("collection", AttributeValue.fromS(c),
                "key", AttributeValue.fromS(key))).consistentRead(true)).join().item();
    }

    private void putRaw(Map<String, AttributeValue> item) {
        raw.putItem(b -> b.tableName(TABLE).item(item)).join();
    }

    @Test
    void writesPythonsItemAttributeByAttribute() {
        try (KeyValueStore s = store(at("2025-01-01T12:30:45.123456Z"))) {
            s.put(c, "plain", Map.of("name", "Alice", "age", 30), null).block(PATIENCE);
            s.put(c, "expiring", Map.of("b", 1, "a", 1.5), Duration.ofMillis(10_500)).block(PATIENCE);
        }
        Map<String, AttributeValue> plain = rawItem("plain");
        assertThat(plain).containsOnlyKeys("collection", "key", "value");
        assertThat(plain.get("collection")).isEqualTo(AttributeValue.fromS(c));
        assertThat(plain.get("key")).isEqualTo(AttributeValue.fromS("plain"));
        assertThat(plain.get("value")).isEqualTo(AttributeValue.fromS("{\"collection\": \"" + c
                + "\", \"created_at\": \"2025-01-01T12:30:45.123456+00:00\", \"key\": \"plain\", "
                + "\"value\": {\"age\": 30, \"name\": \"Alice\"}, \"version\": 1}"));

        Map<String, AttributeValue> expiring = rawItem("expiring");
        assertThat(expiring).containsOnlyKeys("collection", "key", "value", "ttl");
        assertThat(expiring.get("value")).isEqualTo(AttributeValue.fromS("{\"collection\": \"" + c
                + "\", \"created_at\": \"2025-01-01T12:30:45.123456+00:00\", "
                + "\"expires_at\": \"2025-01-01T12:30:55.623456+00:00\", \"key\": \"expiring\", "
                + "\"value\": {\"a\": 1.5, \"b\": 1}, \"version\": 1}"));
        // int(datetime(2025, 1, 1, 12, 30, 55, 623456, tzinfo=timezone.utc).timestamp())
        assertThat(expiring.get("ttl")).isEqualTo(AttributeValue.fromN("1735734655"));
    }

    @Test
    void anOverwriteWithoutTtlRemovesTheTtlAttribute() {
        try (KeyValueStore s = store(Clock.systemUTC())) {
            s.put(c, "o", Map.of("v", 1), Duration.ofHours(1)).block(PATIENCE);
            assertThat(rawItem("o")).containsKey("ttl");
            s.put(c, "o", Map.of("v", 2), null).block(PATIENCE);
            assertThat(rawItem("o")).containsOnlyKeys("collection", "key", "value");
            s.putMany(c, Map.of("o", Map.of("v", 3)), Duration.ofHours(1)).block(PATIENCE);
            assertThat(rawItem("o")).containsKey("ttl");
        }
    }

    @Test
    void readsAnItemWrittenAsPythonWritesIt() {
        String envelope = "{\"collection\": \"" + c + "\", \"created_at\": \"2025-01-01T00:00:00+00:00\", "
                + "\"expires_at\": \"2025-01-01T00:00:10.500000+00:00\", \"key\": \"py\", "
                + "\"value\": {\"emoji\": \"\\ud83d\\ude00\", \"n\": 1.0, \"name\": \"Zo\\u00eb\"}, \"version\": 1}";
        putRaw(Map.of("collection", AttributeValue.fromS(c), "key", AttributeValue.fromS("py"),
                "value", AttributeValue.fromS(envelope), "ttl", AttributeValue.fromN("1735689610")));
        try (KeyValueStore s = store(at("2025-01-01T00:00:05Z"))) {
            Entry e = s.ttl(c, "py").block(PATIENCE);
            assertThat(e.value()).isEqualTo(Map.of("emoji", "😀", "n", 1.0, "name", "Zoë"));
            assertThat(e.createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
            // ttl agrees with the envelope's second: the envelope's microseconds are kept
            assertThat(e.expiresAt()).isEqualTo(Instant.parse("2025-01-01T00:00:10.500Z"));
            assertThat(e.version()).isEqualTo(Versions.ofStored(envelope));
            assertThat(s.keys(c).collectList().block(PATIENCE)).contains("py");
        }
        try (KeyValueStore s = store(at("2025-01-01T00:00:10.500Z"))) {
            StepVerifier.create(s.get(c, "py")).verifyComplete();
        }
    }

    @Test
    void theTtlAttributeWinsWhenItDisagreesWithTheEnvelopeAsInPython() {
        String envelope = "{\"created_at\": \"2025-01-01T00:00:00+00:00\", \"expires_at\": \"2030-01-01T00:00:00+00:00\", "
                + "\"value\": {\"v\": 1}, \"version\": 1}";
        putRaw(Map.of("collection", AttributeValue.fromS(c), "key", AttributeValue.fromS("shortened"),
                "value", AttributeValue.fromS(envelope), "ttl", AttributeValue.fromN("1735689700")));
        String noExpiry = "{\"created_at\": \"2025-01-01T00:00:00+00:00\", \"value\": {\"v\": 2}, \"version\": 1}";
        putRaw(Map.of("collection", AttributeValue.fromS(c), "key", AttributeValue.fromS("ttlOnly"),
                "value", AttributeValue.fromS(noExpiry), "ttl", AttributeValue.fromN("1735689700")));
        try (KeyValueStore s = store(at("2025-01-01T00:01:00Z"))) {
            assertThat(s.ttl(c, "shortened").block(PATIENCE).expiresAt()).isEqualTo(Instant.ofEpochSecond(1735689700));
            assertThat(s.ttl(c, "ttlOnly").block(PATIENCE).expiresAt()).isEqualTo(Instant.ofEpochSecond(1735689700));
        }
        try (KeyValueStore s = store(at("2025-01-01T00:01:40Z"))) {
            StepVerifier.create(s.get(c, "shortened")).verifyComplete();
            StepVerifier.create(s.get(c, "ttlOnly")).verifyComplete();
        }
    }

    @Test
    void itemsThatAreNotEnvelopesAreDeserializationErrors() {
        putRaw(Map.of("collection", AttributeValue.fromS(c), "key", AttributeValue.fromS("number"),
                "value", AttributeValue.fromN("1")));
        putRaw(Map.of("collection", AttributeValue.fromS(c), "key", AttributeValue.fromS("novalue")));
        putRaw(Map.of("collection", AttributeValue.fromS(c), "key", AttributeValue.fromS("badttl"),
                "value", AttributeValue.fromS("{\"value\": {}}"), "ttl", AttributeValue.fromS("soon")));
        try (KeyValueStore s = store(Clock.systemUTC())) {
            for (String k : new String[] {"number", "novalue", "badttl"}) {
                StepVerifier.create(s.get(c, k)).expectError(DeserializationException.class).verify(PATIENCE);
            }
            assertThat(s.delete(c, "number").block(PATIENCE)).isTrue();
            assertThat(rawItem("number")).isEmpty();
        }
    }
}
