package dev.reactivekv.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.StoredEntry;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Streams watch as far as it can be tried here. dynalite has no DynamoDB Streams, so against the real
 * server only the set-up is proven: a store asked to watch declares it, and refuses to run on a table
 * without a stream. What the feed makes of stream records is proven on the SDK's own record objects, built
 * as DynamoDB's documentation shows them (the reading of shards is not tested; see docs/dynamodb.md).
 */
class DynamoDbStreamsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void withoutStreamsTheStoreDoesNotWatch() {
        try (KeyValueStore store = KeyValueStores.open(Dynalite.uri("rkv-no-streams"))) {
            assertThat(store.capabilities()).doesNotContain(Capability.WATCH, Capability.CROSS_PROCESS_WATCH);
        }
    }

    @Test
    void aStoreAskedToWatchDeclaresItAndRefusesATableWithoutAStream() {
        String table = "rkv-streams-" + UUID.randomUUID().toString().substring(0, 8);
        try (KeyValueStore store = KeyValueStores.open(Dynalite.uri(table) + "&streams=true&timeout=60s")) {
            assertThat(store.capabilities()).contains(Capability.WATCH, Capability.CROSS_PROCESS_WATCH);
            // dynalite creates the table but ignores the stream specification: the set-up must say so. A cold
            // client's first connection can miss the SDK's 5 s acquire limit on a loaded machine: that one is retried
            StepVerifier.create(store.put("c", "k", Map.of("v", 1))
                            .retryWhen(Retry.fixedDelay(3, Duration.ofSeconds(1)).filter(StoreUnavailableException.class::isInstance)))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreSetupException.class)
                            .hasMessageContaining("NEW_AND_OLD_IMAGES").hasMessageContaining(table))
                    .verify(PATIENCE);
            StepVerifier.create(store.watch("c"))
                    .expectError(StoreSetupException.class)
                    .verify(PATIENCE);
        }
    }

    @Test
    void yourOwnClientNeedsYourOwnStreamsClient() {
        try (DynamoDbAsyncClient raw = Dynalite.rawClient()) {
            assertThatThrownBy(() -> DynamoDbStore.builder().client(raw).table("rkv-x").streams(true).build())
                    .isInstanceOf(StoreSetupException.class).hasMessageContaining("streamsClient");
        }
    }

    // ---- records → events ---------------------------------------------------------------------------

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final StreamRecords records = new StreamRecords(clock);
    private final List<KeyEvent> events = new ArrayList<>();

    private void feed(Record r) {
        records.translate(r, c -> c.equals("watched"), events::add);
    }

    private static Record record(OperationType type, String collection, String key, Map<String, AttributeValue> newImage,
                                 Identity identity) {
        return Record.builder().eventName(type).userIdentity(identity)
                .dynamodb(StreamRecord.builder().keys(Items.key(collection, key)).newImage(newImage).build())
                .build();
    }

    private static Map<String, AttributeValue> image(String collection, String key, Instant expiresAt) {
        StoredEntry entry = new StoredEntry(Map.of("v", 1), T0.minusSeconds(10), expiresAt, null);
        return Items.item(collection, key, Items.envelope(collection, key, entry), expiresAt);
    }

    private static final Identity TTL_SERVICE = Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build();

    @Test
    void insertsAndModificationsArePutsAndRemovalsDeletes() {
        feed(record(OperationType.INSERT, "watched", "a", image("watched", "a", null), null));
        feed(record(OperationType.MODIFY, "watched", "a", image("watched", "a", null), null));
        feed(record(OperationType.REMOVE, "watched", "a", Map.of(), null));
        assertThat(events).containsExactly(KeyEvent.put("watched", "a"), KeyEvent.put("watched", "a"),
                KeyEvent.delete("watched", "a"));
    }

    @Test
    void aRemovalByTheTtlServiceIsAnExpiry() {
        feed(record(OperationType.REMOVE, "watched", "a", Map.of(), TTL_SERVICE));
        Identity someone = Identity.builder().type("Service").principalId("backup.amazonaws.com").build();
        feed(record(OperationType.REMOVE, "watched", "b", Map.of(), someone));
        assertThat(events).containsExactly(KeyEvent.expire("watched", "a"), KeyEvent.delete("watched", "b"));
    }

    @Test
    void expiryIsAnnouncedOnTimeAndTheLateTtlRemovalIsSwallowed() {
        Instant due = T0.plusSeconds(5);
        feed(record(OperationType.INSERT, "watched", "a", image("watched", "a", due), null));
        records.sweep(T0.plusSeconds(4), events::add);
        assertThat(events).containsExactly(KeyEvent.put("watched", "a"));
        records.sweep(due, events::add);
        feed(record(OperationType.REMOVE, "watched", "a", Map.of(), TTL_SERVICE));
        assertThat(events).containsExactly(KeyEvent.put("watched", "a"), KeyEvent.expire("watched", "a"));
    }

    @Test
    void unwatchedCollectionsAndForeignItemsAreSkipped() {
        feed(record(OperationType.INSERT, "other", "a", image("other", "a", null), null));
        feed(Record.builder().eventName(OperationType.INSERT)
                .dynamodb(StreamRecord.builder().keys(Map.of("pk", AttributeValue.fromS("x"))).build()).build());
        feed(record(OperationType.INSERT, "watched", "corrupt", Map.of("value", AttributeValue.fromS("not json")), null));
        assertThat(events).containsExactly(KeyEvent.put("watched", "corrupt"));
    }
}
