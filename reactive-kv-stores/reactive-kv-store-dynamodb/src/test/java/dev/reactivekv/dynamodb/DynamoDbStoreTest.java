package dev.reactivekv.dynamodb;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.Lookup;
import dev.reactivekv.error.InvalidKeyException;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.tck.Polling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the kit does not cover: batch chunking and retries, table set-up, an unreachable endpoint, URIs, limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbStoreTest {

    private static final String TABLE = "rkv-store-test";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final DynamoDbAsyncClient raw = Dynalite.rawClient();
    private final String c = "c-" + UUID.randomUUID();

    @AfterAll
    void close() {
        try (KeyValueStore s = Dynalite.store(TABLE).build()) {
            s.destroyCollection(c).block(PATIENCE);
        }
        raw.close();
    }

    private static Map<String, Map<String, Object>> entries(String prefix, int n) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(prefix + i, Map.of("i", i));
        }
        return m;
    }

    @Test
    void moreThan100KeysAreReadInBatchesOf100AndWrittenInBatchesOf25() {
        RequestCounter counter = new RequestCounter();
        UnprocessedInjector sizes = new UnprocessedInjector(TABLE);
        try (KeyValueStore s = Dynalite.store(TABLE, counter, sizes).build()) {
            Map<String, Map<String, Object>> batch = entries("chunk", 250);
            s.putMany(c, batch, null).block(PATIENCE);
            assertThat(counter.count("BatchWriteItem")).isEqualTo(10);
            assertThat(counter.count("PutItem")).isZero();
            assertThat(sizes.writeSizes).hasSize(10).allMatch(n -> n <= 25);
            List<String> keys = new ArrayList<>(batch.keySet());
            keys.add("missing");
            List<Lookup> got = s.getMany(c, keys).collectList().block(PATIENCE);
            assertThat(got).hasSize(251);
            assertThat(got.subList(0, 250)).allMatch(Lookup::isHit);
            assertThat(got.get(137).value()).contains(Map.of("i", 137));
            assertThat(got.get(250).isHit()).isFalse();
            assertThat(counter.count("BatchGetItem")).isEqualTo(3);
            assertThat(counter.count("GetItem")).isZero();
            assertThat(sizes.getSizes).containsExactlyInAnyOrder(100, 100, 51);
        }
    }

    @Test
    void unprocessedKeysAndItemsAreSentAgainAndOnlyThose() {
        UnprocessedInjector injector = new UnprocessedInjector(TABLE);
        RequestCounter counter = new RequestCounter();
        try (KeyValueStore s = Dynalite.store(TABLE, counter, injector).build()) {
            injector.inject(1);
            s.putMany(c, entries("u", 20), null).block(PATIENCE);
            assertThat(injector.reportedUnprocessed).hasSize(10);
            assertThat(injector.resent).containsExactlyInAnyOrderElementsOf(injector.reportedUnprocessed);
            assertThat(injector.writeSizes).containsExactly(20, 10);

            injector.reportedUnprocessed.clear();
            injector.resent.clear();
            injector.inject(1);
            List<String> keys = new ArrayList<>(entries("u", 20).keySet());
            List<Lookup> got = s.getMany(c, keys).collectList().block(PATIENCE);
            assertThat(got).allMatch(Lookup::isHit);
            assertThat(injector.reportedUnprocessed).hasSize(10);
            assertThat(injector.resent).containsExactlyInAnyOrderElementsOf(injector.reportedUnprocessed);
            assertThat(injector.getSizes).containsExactly(20, 10);
            assertThat(counter.count("BatchGetItem")).isEqualTo(2);
        }
    }

    @Test
    void workLeftUnprocessedOnEveryAttemptFailsWithStoreUnavailable() {
        UnprocessedInjector injector = new UnprocessedInjector(TABLE);
        RequestCounter counter = new RequestCounter();
        try (KeyValueStore s = Dynalite.store(TABLE, counter, injector).build()) {
            s.putMany(c, entries("f", 3), null).block(PATIENCE);
            injector.always();
            StepVerifier.create(s.getMany(c, List.of("f0", "f1", "f2")))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreUnavailableException.class)
                            .hasMessageContaining("unprocessed after " + Batches.ATTEMPTS + " attempts"))
                    .verify(PATIENCE);
            assertThat(counter.count("BatchGetItem")).isEqualTo(Batches.ATTEMPTS);
        }
    }

    @Test
    void theTableIsCreatedOnFirstUse() {
        String table = "rkv-created-" + UUID.randomUUID();
        try (KeyValueStore s = Dynalite.store(table).build()) {
            assertThatThrownBy(() -> raw.describeTable(b -> b.tableName(table)).join())
                    .as("build() does no I/O").hasCauseInstanceOf(ResourceNotFoundException.class);
            s.put("c", "k", Map.of("v", 1), null).block(PATIENCE);
            TableDescription t = raw.describeTable(b -> b.tableName(table)).join().table();
            assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
            assertThat(t.keySchema()).extracting(e -> e.attributeName() + ":" + e.keyType())
                    .containsExactlyInAnyOrder("collection:" + KeyType.HASH, "key:" + KeyType.RANGE);
            assertThat(t.attributeDefinitions()).allMatch(d -> d.attributeType() == ScalarAttributeType.S).hasSize(2);
            assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
            assertThat(s.get("c", "k").block(PATIENCE)).isEqualTo(Map.of("v", 1));
        } finally {
            raw.deleteTable(b -> b.tableName(table)).join();
        }
    }

    @Test
    void aMissingTableWithCreationDisabledIsAStoreSetupException() {
        String table = "rkv-missing-" + UUID.randomUUID();
        try (KeyValueStore s = Dynalite.store(table).createTable(false).build();
             KeyValueStore byUri = KeyValueStores.open(Dynalite.uri(table) + "&createTable=false")) {
            for (KeyValueStore store : List.of(s, byUri)) {
                StepVerifier.create(store.put("c", "k", Map.of(), null))
                        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreSetupException.class)
                                .hasMessageContaining(table).hasMessageContaining("does not exist"))
                        .verify(PATIENCE);
                StepVerifier.create(store.get("c", "k")).expectError(StoreSetupException.class).verify(PATIENCE);
            }
        }
        assertThatThrownBy(() -> raw.describeTable(b -> b.tableName(table)).join())
                .hasCauseInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aTableWithAnotherKeySchemaIsAStoreSetupException() {
        String table = "rkv-wrong-" + UUID.randomUUID();
        raw.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))).join();
        try (KeyValueStore s = Dynalite.store(table).build()) {
            StepVerifier.create(s.get("c", "k"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreSetupException.class)
                            .hasMessageContaining("partition key 'collection'"))
                    .verify(PATIENCE);
        } finally {
            // dynalite keeps a new table CREATING for 500 ms and refuses to delete it meanwhile
            Polling.until("table " + table + " active", PATIENCE, () -> raw.describeTable(b -> b.tableName(table))
                    .join().table().tableStatus() == TableStatus.ACTIVE);
            raw.deleteTable(b -> b.tableName(table)).join();
        }
    }

    @Test
    void anUnreachableEndpointFailsWithStoreUnavailableWithinBoundedTime() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (KeyValueStore s = KeyValueStores.open("dynamodb://rkv-nowhere?endpoint=http://127.0.0.1:" + closedPort
                + "&accessKeyId=x&secretAccessKey=y&timeout=20s")) {
            long start = System.nanoTime();
            StepVerifier.create(s.get("c", "k")).expectError(StoreUnavailableException.class).verify(Duration.ofSeconds(20));
            StepVerifier.create(s.keys("c")).expectError(StoreUnavailableException.class).verify(Duration.ofSeconds(20));
            // a refused connection fails each of the 3 SDK attempts at once, or (when the SDK loses the refusal) after
            // the 5 s connection-acquisition bound: never the 20 s call timeout
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void aClientPassedInIsNotClosedByTheStore() {
        try (DynamoDbAsyncClient mine = Dynalite.rawClient()) {
            KeyValueStore s = DynamoDbStore.builder().client(mine).table(TABLE).build();
            s.put(c, "mine", Map.of("v", true), null).block(PATIENCE);
            s.close();
            assertThat(mine.getItem(b -> b.tableName(TABLE).key(Items.key(c, "mine"))).join().hasItem()).isTrue();
        }
    }

    @Test
    void namesOverDynamoDbsKeyLimitsAreRefusedBeforeAnyRequest() {
        RequestCounter counter = new RequestCounter();
        try (KeyValueStore s = Dynalite.store(TABLE, counter).build()) {
            String key = "k".repeat(Items.MAX_SORT_KEY_BYTES + 1);
            StepVerifier.create(s.put(c, key, Map.of(), null)).expectError(InvalidKeyException.class).verify(PATIENCE);
            StepVerifier.create(s.put(c, "é".repeat(513), Map.of(), null)).expectError(InvalidKeyException.class).verify(PATIENCE);
            StepVerifier.create(s.getMany(c, List.of("ok", key))).expectError(InvalidKeyException.class).verify(PATIENCE);
            assertThat(counter.count("PutItem") + counter.count("BatchGetItem")).isZero();
            s.put(c, "k".repeat(Items.MAX_SORT_KEY_BYTES), Map.of("max", 1), null).block(PATIENCE);
            assertThat(s.get(c, "k".repeat(Items.MAX_SORT_KEY_BYTES)).block(PATIENCE)).isEqualTo(Map.of("max", 1));
        }
    }

    @Test
    void urisAreParsedAndUnknownOptionsRefused() {
        try (KeyValueStore s = KeyValueStores.open(Dynalite.uri(TABLE) + "&timeout=3s&watchBuffer=8")) {
            s.put(c, "uri", Map.of("via", "uri"), null).block(PATIENCE);
            assertThat(s.get(c, "uri").block(PATIENCE)).isEqualTo(Map.of("via", "uri"));
        }
        assertThatThrownBy(() -> KeyValueStores.open(Dynalite.uri(TABLE) + "&regoin=x"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("regoin");
        assertThatThrownBy(() -> KeyValueStores.open("dynamodb://x?region=us-east-1"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("table name");
        assertThatThrownBy(() -> KeyValueStores.open("dynamodb://tbl?accessKeyId=only"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> KeyValueStores.open("dynamodb://tbl?createTable=maybe"))
                .isInstanceOf(StoreSetupException.class);
    }

}
