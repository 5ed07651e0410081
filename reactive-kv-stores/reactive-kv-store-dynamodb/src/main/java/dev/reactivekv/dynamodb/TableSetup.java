package dev.reactivekv.dynamodb;

import java.time.Duration;
import java.util.List;

import dev.reactivekv.error.StoreSetupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Makes sure the table exists before the first operation, as py-key-value's {@code _setup} does: describe it;
 * when missing, create it with py-key-value's key schema and on-demand billing (or fail with
 * {@link StoreSetupException} when creation is off); wait until it is {@code ACTIVE}; ask for TTL on the
 * {@code ttl} attribute where the endpoint offers it (dynalite does not; reads check expiry either way).
 * With streams asked for, a created table gets a {@code NEW_AND_OLD_IMAGES} stream and an existing one must
 * have it, or the set-up fails with {@link StoreSetupException}.
 *
 * <p>A successful set-up is remembered for the life of the store; a failed one (server unreachable) is
 * not, so the next operation tries again.
 */
final class TableSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TableSetup.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int POLLS = 600;
    private static final StreamSpecification NEW_AND_OLD_IMAGES = StreamSpecification.builder()
            .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build();

    private final DynamoDbAsyncClient client;
    private final String table;
    private final boolean create;
    private final boolean stream;
    private final Mono<Boolean> ready;
    private volatile @Nullable String streamArn;

    TableSetup(DynamoDbAsyncClient client, String table, boolean create, boolean stream) {
        this.client = client;
        this.table = table;
        this.create = create;
        this.stream = stream;
        this.ready = Mono.defer(this::setUp)
                .thenReturn(Boolean.TRUE)
                .cache(ok -> Duration.ofMillis(Long.MAX_VALUE), error -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** Completes once the table is usable; shared by concurrent first operations. */
    Mono<Boolean> ready() {
        return ready;
    }

    /** The table's stream (NEW_AND_OLD_IMAGES), known once {@link #ready()} completed with streams asked for. */
    String streamArn() {
        String arn = streamArn;
        if (arn == null) {
            throw new IllegalStateException("the table's stream is not known before the set-up completed");
        }
        return arn;
    }

    private Mono<Void> setUp() {
        return describe()
                .onErrorResume(ResourceNotFoundException.class, missing -> {
                    if (!create) {
                        return Mono.error(new StoreSetupException("DynamoDB table '" + table + "' does not exist and "
                                + "table creation is disabled: create it (partition key 'collection', sort key 'key', "
                                + "both strings) or allow createTable", missing));
                    }
                    return createTable().then(describe());
                })
                .flatMap(this::checkSchema)
                .then(awaitActive())
                .flatMap(this::checkStream)
                .then(enableTtl());
    }

    private Mono<TableDescription> describe() {
        return Mono.fromFuture(() -> client.describeTable(b -> b.tableName(table))).map(r -> r.table());
    }

    private Mono<Void> createTable() {
        LOG.info("Creating DynamoDB table '{}' (collection HASH, key RANGE, PAY_PER_REQUEST)", table);
        return Mono.fromFuture(() -> client.createTable(b -> b.tableName(table)
                        .attributeDefinitions(
                                AttributeDefinition.builder().attributeName(Items.COLLECTION).attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName(Items.KEY).attributeType(ScalarAttributeType.S).build())
                        .keySchema(
                                KeySchemaElement.builder().attributeName(Items.COLLECTION).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(Items.KEY).keyType(KeyType.RANGE).build())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .streamSpecification(stream ? NEW_AND_OLD_IMAGES : null)))
                .then()
                // another process created it first: fine, it is waited for like ours
                .onErrorResume(ResourceInUseException.class, e -> Mono.empty());
    }

    private Mono<Void> checkSchema(TableDescription t) {
        List<KeySchemaElement> schema = t.keySchema();
        boolean ok = schema.size() == 2 && schema.stream().anyMatch(e -> is(e, Items.COLLECTION, KeyType.HASH))
                && schema.stream().anyMatch(e -> is(e, Items.KEY, KeyType.RANGE));
        if (!ok) {
            return Mono.error(new StoreSetupException("DynamoDB table '" + table + "' has key schema " + schema
                    + "; the store needs partition key 'collection' and sort key 'key' (py-key-value's layout)"));
        }
        return Mono.empty();
    }

    private static boolean is(KeySchemaElement e, String name, KeyType type) {
        return e.attributeName().equals(name) && e.keyType() == type;
    }

    /** With streams asked for, the table must have one with both images: the watch reads nothing else. */
    private Mono<Void> checkStream(TableDescription t) {
        if (!stream) {
            return Mono.empty();
        }
        StreamSpecification spec = t.streamSpecification();
        boolean ok = spec != null && Boolean.TRUE.equals(spec.streamEnabled())
                && spec.streamViewType() == StreamViewType.NEW_AND_OLD_IMAGES && t.latestStreamArn() != null;
        if (!ok) {
            return Mono.error(new StoreSetupException("DynamoDB table '" + table + "' has no stream with NEW_AND_OLD_IMAGES"
                    + " (found " + (spec == null ? "none" : spec.streamViewTypeAsString()) + "), which watch needs: enable it "
                    + "(aws dynamodb update-table --table-name " + table + " --stream-specification "
                    + "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES), or build the store without streams. An endpoint "
                    + "without DynamoDB Streams (dynalite) cannot have one."));
        }
        streamArn = t.latestStreamArn();
        return Mono.empty();
    }

    private Mono<TableDescription> awaitActive() {
        return describe()
                .flatMap(t -> t.tableStatus() == TableStatus.ACTIVE ? Mono.just(t) : Mono.<TableDescription>error(new NotActive(t.tableStatusAsString())))
                .retryWhen(Retry.fixedDelay(POLLS, POLL).filter(NotActive.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> new StoreSetupException("DynamoDB table '" + table
                                + "' is not ACTIVE after " + POLL.multipliedBy(POLLS).toSeconds() + " s (status "
                                + signal.failure().getMessage() + ")")));
    }

    private Mono<Void> enableTtl() {
        return Mono.fromFuture(() -> client.describeTimeToLive(b -> b.tableName(table)))
                .flatMap(r -> {
                    TimeToLiveStatus status = r.timeToLiveDescription() == null ? null : r.timeToLiveDescription().timeToLiveStatus();
                    if (status != TimeToLiveStatus.DISABLED) {
                        return Mono.<Void>empty();
                    }
                    return Mono.fromFuture(() -> client.updateTimeToLive(b -> b.tableName(table)
                            .timeToLiveSpecification(s -> s.enabled(true).attributeName(Items.TTL)))).then();
                })
                .onErrorResume(DynamoDbException.class, e -> {
                    // the endpoint answered but offers no TTL (dynalite) or refuses it (permissions):
                    // expiry on read keeps the contract; only storage clean-up is lost
                    LOG.info("DynamoDB TTL on '{}.{}' not enabled: {}", table, Items.TTL, e.awsErrorDetails() == null
                            ? e.getMessage() : e.awsErrorDetails().errorCode());
                    return Mono.empty();
                });
    }

    /** The table exists but is still being created or updated. */
    private static final class NotActive extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotActive(String status) {
            super(status, null, false, false);
        }
    }
}
