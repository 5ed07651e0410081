package dev.reactivekv.dynamodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.EntryTooLargeException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.StoredEntry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * The DynamoDB backend: every operation is one or a few non-blocking SDK calls on one table in
 * py-key-value's layout ({@link Items}), after the table set-up ({@link TableSetup}) has completed once.
 * Reads are strongly consistent. Signals arrive on the SDK's future-completion threads.
 */
final class DynamoKeyValueStore extends AbstractKeyValueStore {

    private static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.SCAN, Capability.ORDERED_SCAN,
            Capability.CONDITIONAL_WRITES, Capability.PERSISTENT);
    private static final Set<Capability> WITH_STREAMS = EnumSet.of(Capability.SCAN, Capability.ORDERED_SCAN,
            Capability.CONDITIONAL_WRITES, Capability.PERSISTENT, Capability.WATCH, Capability.CROSS_PROCESS_WATCH);
    /** How often a putIfAbsent over an expired entry retries when other writers keep changing that entry. */
    private static final int CONDITIONAL_ATTEMPTS = 16;
    /** Items one page of a collections() scan or a destroyCollection() query reads (capped at 1 MB by DynamoDB). */
    private static final int SWEEP_PAGE = 1000;

    private final DynamoDbAsyncClient client;
    private final String table;
    private final boolean ownsClient;
    private final TableSetup setup;
    private final Batches batches;
    private final @Nullable DynamoDbStreamsAsyncClient streams;
    private final boolean ownsStreams;
    private final @Nullable StreamWatches watches;

    /** {@code streams} null: no watch; otherwise the table's stream is required and read for watchers. */
    DynamoKeyValueStore(StoreOptions options, DynamoDbAsyncClient client, String table, boolean ownsClient,
                        boolean createTable, @Nullable DynamoDbStreamsAsyncClient streams, boolean ownsStreams) {
        super(options);
        this.client = client;
        this.table = table;
        this.ownsClient = ownsClient;
        this.setup = new TableSetup(client, table, createTable, streams != null);
        this.batches = new Batches(client, table);
        this.streams = streams;
        this.ownsStreams = ownsStreams;
        this.watches = streams == null ? null : new StreamWatches(streams, setup::streamArn, options);
    }

    @Override
    public Set<Capability> capabilities() {
        return watches == null ? CAPABILITIES : WITH_STREAMS;
    }

    @Override
    protected Flux<KeyEvent> watchBackend(String collection, KeyFilter filter) {
        if (watches == null) {
            return super.watchBackend(collection, filter);
        }
        StreamWatches w = watches;
        return Flux.defer(() -> {
            Items.checkCollection(collection);
            return w.watch(setup.ready(), collection, filter);
        });
    }

    /**
     * Builds the operation first (so bad names and cursors fail before any request), then runs it once the
     * table is ready. The operation's publisher must be lazy: it is subscribed only after the set-up.
     */
    private <T> Mono<T> ready(java.util.function.Supplier<Mono<T>> body) {
        return Mono.defer(() -> {
            Mono<T> operation = body.get();
            return setup.ready().then(operation);
        });
    }

    // ---- single keys -----------------------------------------------------------------------------

    @Override
    protected Mono<StoredEntry> read(String collection, String key) {
        return ready(() -> {
            Map<String, AttributeValue> k = Items.key(collection, key);
            return Mono.fromFuture(() -> client.getItem(b -> b.tableName(table).key(k).consistentRead(true)));
        }).mapNotNull(r -> r.hasItem() && !r.item().isEmpty() ? Items.decode(r.item()) : null);
    }

    @Override
    protected Mono<Void> write(String collection, String key, StoredEntry entry) {
        return ready(() -> {
            Map<String, AttributeValue> item = Items.item(collection, key, Items.envelope(collection, key, entry), entry.expiresAt());
            return Mono.fromFuture(() -> client.putItem(b -> b.tableName(table).item(item))).then();
        });
    }

    @Override
    protected Mono<Boolean> remove(String collection, String key) {
        return ready(() -> {
            Map<String, AttributeValue> k = Items.key(collection, key);
            return Mono.fromFuture(() -> client.deleteItem(b -> b.tableName(table).key(k).returnValues(ReturnValue.ALL_OLD)));
        }).map(r -> r.hasAttributes() && !r.attributes().isEmpty() && countsAsPresent(r.attributes()));
    }

    // ---- bulk --------------------------------------------------------------------------------------

    @Override
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        return ready(() -> batches.get(keys(collection, distinctKeys))
                .collectMap(Items::keyOf, Items::decode));
    }

    @Override
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        return ready(() -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>(entries.size());
            entries.forEach((k, e) -> items.add(Items.item(collection, k, Items.envelope(collection, k, e), e.expiresAt())));
            return batches.put(items);
        });
    }

    /**
     * BatchWriteItem reports nothing about what it deleted, so the keys are first read in one batch: the
     * count is of the live (or corrupt) entries found, and only keys found are deleted. A key written by
     * someone else between the two batches is deleted but not counted.
     */
    @Override
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        return ready(() -> batches.get(keys(collection, distinctKeys))
                .collectList()
                .flatMap(found -> {
                    List<Map<String, AttributeValue>> present = new ArrayList<>(found.size());
                    long live = 0;
                    for (Map<String, AttributeValue> item : found) {
                        present.add(Items.key(collection, Items.keyOf(item)));
                        if (countsAsPresent(item)) {
                            live++;
                        }
                    }
                    return batches.delete(present).thenReturn(live);
                }));
    }

    // ---- conditional writes ------------------------------------------------------------------------

    @Override
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        return ready(() -> {
            Map<String, AttributeValue> item = Items.item(collection, key, Items.envelope(collection, key, entry), entry.expiresAt());
            return putIfAbsent(item, now, 1);
        });
    }

    /**
     * {@code attribute_not_exists}; when an entry is there but expired by this store's clock (DynamoDB's own
     * TTL deletes late, dynalite never), it is replaced on condition that its stored text is still the text read.
     */
    private Mono<Boolean> putIfAbsent(Map<String, AttributeValue> item, Instant now, int attempt) {
        // empty when the entry changed or vanished between the steps: then the whole attempt is repeated
        Mono<Boolean> once = conditionalPut(item, "attribute_not_exists(#k)", Map.of())
                .flatMap(written -> written ? Mono.just(true) : getConsistent(item)
                        .flatMap(current -> Items.decode(current).isExpiredAt(now)
                                ? conditionalPut(item, "#v = :old", Map.of(":old", current.get(Items.VALUE))).filter(Boolean::booleanValue)
                                : Mono.just(false)));
        return once.switchIfEmpty(Mono.defer(() -> attempt >= CONDITIONAL_ATTEMPTS
                ? Mono.error(new StoreTimeoutException("putIfAbsent kept losing races on key '" + Items.keyOf(item)
                        + "' in table " + table))
                : putIfAbsent(item, now, attempt + 1)));
    }

    @Override
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion, StoredEntry entry,
                                             Instant now) {
        return ready(() -> {
            Map<String, AttributeValue> item = Items.item(collection, key, Items.envelope(collection, key, entry), entry.expiresAt());
            return getConsistent(item)
                    .filter(current -> {
                        StoredEntry read = Items.decode(current);
                        return expectedVersion.equals(read.version()) && !read.isExpiredAt(now);
                    })
                    // the version is a digest of the stored text: the condition compares the text itself
                    .flatMap(current -> conditionalPut(item, "#v = :old", Map.of(":old", current.get(Items.VALUE))))
                    .defaultIfEmpty(false);
        });
    }

    private Mono<Map<String, AttributeValue>> getConsistent(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> k = Map.of(Items.COLLECTION, item.get(Items.COLLECTION), Items.KEY, item.get(Items.KEY));
        return Mono.fromFuture(() -> client.getItem(b -> b.tableName(table).key(k).consistentRead(true)))
                .mapNotNull(r -> r.hasItem() && !r.item().isEmpty() ? r.item() : null);
    }

    /** PutItem on condition; emits false when the condition failed. */
    private Mono<Boolean> conditionalPut(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        if (condition.contains("#k")) {
            names.put("#k", Items.KEY);
        }
        if (condition.contains("#v")) {
            names.put("#v", Items.VALUE);
        }
        return Mono.fromFuture(() -> client.putItem(b -> {
                    b.tableName(table).item(item).conditionExpression(condition).expressionAttributeNames(names);
                    if (!values.isEmpty()) {
                        b.expressionAttributeValues(values);
                    }
                }))
                .thenReturn(true)
                .onErrorResume(ConditionalCheckFailedException.class, e -> Mono.just(false));
    }

    // ---- scans -------------------------------------------------------------------------------------

    /**
     * One {@code Query} on the collection's partition: ascending by sort key, at most a page of keys, only
     * the {@code key} attribute. Entries whose {@code ttl} second has passed are filtered out by the server;
     * an entry that expired within the current second may still be listed.
     */
    @Override
    protected Mono<KeyPage> fetchKeys(String collection, ScanOptions options) {
        return ready(() -> {
            Items.checkCollection(collection);
            String prefix = options.prefix() == null ? "" : options.prefix();
            String startAfter = options.cursor() != null ? Cursors.lastKey(options.cursor(), collection, prefix) : options.after();
            KeyRange range = KeyRange.of(prefix, startAfter);
            if (range.isEmpty()) {
                return Mono.just(new KeyPage(List.of(), null));
            }
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":c", Items.s(collection));
            values.put(":now", AttributeValue.fromN(Long.toString(clock().instant().getEpochSecond())));
            Map<String, String> names = new HashMap<>(Map.of("#c", Items.COLLECTION, "#k", Items.KEY, "#t", Items.TTL));
            QueryRequest.Builder q = QueryRequest.builder().tableName(table)
                    .consistentRead(true)
                    .limit(options.pageSize())
                    .projectionExpression("#k")
                    .filterExpression("attribute_not_exists(#t) OR #t >= :now");
            String condition = "#c = :c";
            if (range.prefix() != null) {
                condition += " AND begins_with(#k, :p)";
                values.put(":p", Items.s(range.prefix()));
            } else if (range.greaterThan() != null && range.exclusiveStart() == null) {
                condition += " AND #k > :a";
                values.put(":a", Items.s(range.greaterThan()));
            }
            if (range.exclusiveStart() != null) {
                q.exclusiveStartKey(Map.of(Items.COLLECTION, Items.s(collection), Items.KEY, Items.s(range.exclusiveStart())));
            }
            QueryRequest request = q.keyConditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values).build();
            return Mono.fromFuture(() -> client.query(request)).map(r -> page(r, collection, prefix));
        });
    }

    private static KeyPage page(QueryResponse r, String collection, String prefix) {
        List<String> keys = new ArrayList<>(r.count());
        for (Map<String, AttributeValue> item : r.items()) {
            keys.add(Items.keyOf(item));
        }
        String next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                ? Cursors.keys(collection, prefix, Cursors.attr(r.lastEvaluatedKey(), Items.KEY)) : null;
        return new KeyPage(keys, next);
    }

    /** A paged {@code Scan} of the {@code collection} attribute only; each page's names are deduplicated. */
    @Override
    protected Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit) {
        return ready(() -> {
            Map<String, AttributeValue> start = cursor == null ? null : Cursors.collectionsStart(cursor);
            return Mono.fromFuture(() -> client.scan(b -> {
                b.tableName(table).consistentRead(true).limit(SWEEP_PAGE)
                        .projectionExpression("#c")
                        .filterExpression("attribute_not_exists(#t) OR #t >= :now")
                        .expressionAttributeNames(Map.of("#c", Items.COLLECTION, "#t", Items.TTL))
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(clock().instant().getEpochSecond()))));
                if (start != null) {
                    b.exclusiveStartKey(start);
                }
            })).map(r -> {
                Set<String> names = new LinkedHashSet<>();
                for (Map<String, AttributeValue> item : r.items()) {
                    names.add(Cursors.attr(item, Items.COLLECTION));
                }
                String next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                        ? Cursors.collections(r.lastEvaluatedKey()) : null;
                return new KeyPage(List.copyOf(names), next);
            });
        });
    }

    /**
     * A scan meets a collection's items on many pages, so the stream remembers the names it emitted
     * (memory grows with the number of collections, never with the number of items).
     */
    @Override
    public Flux<String> collections() {
        return super.collections().distinct();
    }

    /** Queries the partition a page at a time and deletes each page with batched deletes. */
    @Override
    protected Mono<Boolean> removeCollection(String collection) {
        return ready(() -> {
            Items.checkCollection(collection);
            return partitionPage(collection, null)
                    .expand(r -> r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                            ? partitionPage(collection, r.lastEvaluatedKey()) : Mono.empty())
                    .concatMap(r -> {
                        List<Map<String, AttributeValue>> keys = new ArrayList<>(r.count());
                        for (Map<String, AttributeValue> item : r.items()) {
                            keys.add(Items.key(collection, Items.keyOf(item)));
                        }
                        return batches.delete(keys).thenReturn(keys.size());
                    }, 1)
                    .reduce(0L, (n, page) -> n + page)
                    .map(n -> n > 0);
        });
    }

    private Mono<QueryResponse> partitionPage(String collection, @Nullable Map<String, AttributeValue> start) {
        return Mono.fromFuture(() -> client.query(b -> {
            b.tableName(table).consistentRead(true).limit(SWEEP_PAGE)
                    .keyConditionExpression("#c = :c")
                    .projectionExpression("#k")
                    .expressionAttributeNames(Map.of("#c", Items.COLLECTION, "#k", Items.KEY))
                    .expressionAttributeValues(Map.of(":c", Items.s(collection)));
            if (start != null) {
                b.exclusiveStartKey(start);
            }
        }));
    }

    // ---- lifecycle and errors ----------------------------------------------------------------------

    @Override
    protected void closeBackend() {
        if (watches != null) {
            watches.close();
        }
        if (ownsStreams && streams != null) {
            streams.close();
        }
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    protected KeyValueException translate(Throwable error) {
        if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException) {
            return new StoreTimeoutException("DynamoDB call timed out: " + error.getMessage(), error);
        }
        if (error instanceof ResourceNotFoundException) {
            return new StoreSetupException("DynamoDB table '" + table + "' does not exist (deleted after set-up?): "
                    + error.getMessage(), error);
        }
        if (error instanceof ProvisionedThroughputExceededException || error instanceof RequestLimitExceededException) {
            return new StoreUnavailableException("DynamoDB throttled the request: " + error.getMessage(), error);
        }
        if (error instanceof DynamoDbException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Item size has exceeded") || message.contains("Item size to update has exceeded")) {
                return new EntryTooLargeException("DynamoDB items hold at most 400 KB: " + message, e);
            }
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                return new StoreUnavailableException("DynamoDB is unavailable: " + message, e);
            }
            return new KeyValueException("DynamoDB refused the request: " + message, e);
        }
        if (error instanceof SdkClientException) {
            // the SDK could not reach the endpoint (connection refused, reset, TLS, DNS) after its own retries
            return new StoreUnavailableException("DynamoDB is unreachable: " + error.getMessage(), error);
        }
        return super.translate(error);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Whether a stored item counts as an entry that existed: live by this store's clock, or corrupt (never hidden). */
    private boolean countsAsPresent(Map<String, AttributeValue> item) {
        try {
            return !Items.decode(item).isExpiredAt(clock().instant());
        } catch (DeserializationException e) {
            return true;
        }
    }

    private static List<Map<String, AttributeValue>> keys(String collection, List<String> keys) {
        List<Map<String, AttributeValue>> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            out.add(Items.key(collection, k));
        }
        return out;
    }
}
