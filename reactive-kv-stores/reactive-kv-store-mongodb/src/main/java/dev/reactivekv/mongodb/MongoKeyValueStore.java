package dev.reactivekv.mongodb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.EntryTooLargeException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.SerializationException;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.error.UnsupportedCapabilityException;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.StoredEntry;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The MongoDB backend: one MongoDB collection per KV collection, one document per key, every
 * operation one command (two for compare-and-set). Signals arrive on the driver's threads.
 */
final class MongoKeyValueStore extends AbstractKeyValueStore {

    private static final Logger LOG = LoggerFactory.getLogger(MongoKeyValueStore.class);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);
    private static final int DUPLICATE_KEY = 11000;
    private static final Set<Integer> INDEX_CONFLICTS = Set.of(85, 86); // IndexOptionsConflict, IndexKeySpecsConflict

    private final MongoClient client;
    private final boolean ownsClient;
    private final MongoDatabase database;
    private final CollectionNames names;
    private final Set<Capability> capabilities;
    private final @Nullable String noWatchReason;
    private final @Nullable ChangeFeeds feeds;
    private final ConcurrentHashMap<String, Mono<Void>> indexed = new ConcurrentHashMap<>();

    MongoKeyValueStore(StoreOptions options, MongoClient client, boolean ownsClient, MongoDatabase database,
                       CollectionNames names, @Nullable String noWatchReason, Duration maxAwait) {
        super(options);
        this.client = client;
        this.ownsClient = ownsClient;
        this.database = database;
        this.names = names;
        this.noWatchReason = noWatchReason;
        EnumSet<Capability> caps = EnumSet.of(Capability.SCAN, Capability.ORDERED_SCAN, Capability.NATIVE_TTL,
                Capability.CONDITIONAL_WRITES, Capability.PERSISTENT);
        if (noWatchReason == null) {
            caps.add(Capability.WATCH);
            caps.add(Capability.CROSS_PROCESS_WATCH);
            this.feeds = new ChangeFeeds(database, options, maxAwait);
        } else {
            this.feeds = null;
        }
        this.capabilities = Collections.unmodifiableSet(caps);
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    private MongoCollection<RawBsonDocument> collection(String kvCollection) {
        return database.getCollection(names.physical(kvCollection), RawBsonDocument.class);
    }

    // ---- single keys -----------------------------------------------------------------------------

    @Override
    protected Mono<StoredEntry> read(String collection, String key) {
        return Mono.defer(() -> Mono.from(collection(collection).find(Filters.eq(EntryDocuments.KEY, key)).first()))
                .map(EntryDocuments::decode);
    }

    @Override
    protected Mono<Void> write(String collection, String key, StoredEntry entry) {
        return Mono.defer(() -> {
            MongoCollection<RawBsonDocument> c = collection(collection);
            BsonDocument update = EntryDocuments.update(collection, key, entry);
            return ensureIndexes(c).then(Mono.from(c.updateOne(Filters.eq(EntryDocuments.KEY, key), update, UPSERT)));
        }).then();
    }

    @Override
    protected Mono<Boolean> remove(String collection, String key) {
        return Mono.defer(() -> Mono.from(collection(collection)
                        .deleteOne(Filters.and(Filters.eq(EntryDocuments.KEY, key), live(clock().instant())))))
                .map(r -> r.getDeletedCount() > 0);
    }

    // ---- bulk --------------------------------------------------------------------------------------

    @Override
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        return Flux.defer(() -> collection(collection).find(Filters.in(EntryDocuments.KEY, distinctKeys)))
                .filter(doc -> doc.get(EntryDocuments.KEY) instanceof org.bson.BsonString)
                .collectMap(doc -> doc.getString(EntryDocuments.KEY).getValue(), EntryDocuments::decode);
    }

    @Override
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        return Mono.defer(() -> {
            MongoCollection<RawBsonDocument> c = collection(collection);
            List<WriteModel<RawBsonDocument>> models = new ArrayList<>(entries.size());
            entries.forEach((k, e) -> models.add(new UpdateOneModel<>(Filters.eq(EntryDocuments.KEY, k),
                    EntryDocuments.update(collection, k, e), UPSERT)));
            return ensureIndexes(c).then(Mono.from(c.bulkWrite(models, new BulkWriteOptions().ordered(false))));
        }).then();
    }

    @Override
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        return Mono.defer(() -> Mono.from(collection(collection)
                        .deleteMany(Filters.and(Filters.in(EntryDocuments.KEY, distinctKeys), live(clock().instant())))))
                .map(r -> r.getDeletedCount());
    }

    // ---- conditional writes ------------------------------------------------------------------------

    /**
     * One upsert that matches only an expired document: when the key holds a live one, the insert it
     * falls back to hits the unique index on {@code key} and nothing is written.
     */
    @Override
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        return Mono.defer(() -> {
            MongoCollection<RawBsonDocument> c = collection(collection);
            Bson expired = Filters.and(Filters.eq(EntryDocuments.KEY, key),
                    Filters.lte(EntryDocuments.EXPIRES_AT, new BsonDateTime(now.toEpochMilli())));
            return ensureIndexes(c).then(Mono.from(c.updateOne(expired, EntryDocuments.update(collection, key, entry), UPSERT)))
                    .map(r -> r.getUpsertedId() != null || r.getMatchedCount() > 0)
                    .onErrorResume(MongoKeyValueStore::isDuplicateKey, e -> Mono.just(false));
        });
    }

    /**
     * Reads the document, compares its version, then updates it filtered on everything that version
     * covers ({@code _id}, {@code created_at}, {@code expires_at}, {@code value}): a write in between
     * makes the filter miss, so of concurrent callers holding one version exactly one wins.
     */
    @Override
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion, StoredEntry entry,
                                             Instant now) {
        return Mono.defer(() -> {
            MongoCollection<RawBsonDocument> c = collection(collection);
            return Mono.from(c.find(Filters.eq(EntryDocuments.KEY, key)).first())
                    .filter(doc -> {
                        StoredEntry current = EntryDocuments.decode(doc);
                        return expectedVersion.equals(current.version()) && !current.isExpiredAt(now);
                    })
                    .flatMap(doc -> Mono.from(c.updateOne(sameContent(doc), EntryDocuments.update(collection, key, entry))))
                    .map(r -> r.getMatchedCount() > 0)
                    .defaultIfEmpty(false);
        });
    }

    private static Bson sameContent(RawBsonDocument doc) {
        BsonDocument filter = new BsonDocument(EntryDocuments.ID, doc.get(EntryDocuments.ID));
        for (String field : List.of(EntryDocuments.CREATED_AT, EntryDocuments.EXPIRES_AT, EntryDocuments.VALUE)) {
            BsonValue v = doc.get(field);
            filter.append(field, v == null ? new BsonDocument("$exists", org.bson.BsonBoolean.FALSE) : new BsonDocument("$eq", v));
        }
        return filter;
    }

    // ---- scans -------------------------------------------------------------------------------------

    /**
     * One {@code find} per page, sorted by the unique key index and starting strictly after the last
     * key delivered, with {@code limit = batchSize = pageSize}: the server answers in one batch and
     * closes the cursor, so no server cursor stays open between pages (an idle one would time out
     * after ten minutes under a slow consumer) and a cursor handed to a caller costs nothing.
     */
    @Override
    protected Mono<KeyPage> fetchKeys(String collection, ScanOptions options) {
        return Mono.defer(() -> {
            String start = options.cursor() != null ? KeyCursors.decode(options.cursor()) : options.after();
            List<Bson> conditions = new ArrayList<>(3);
            if (start != null) {
                conditions.add(Filters.gt(EntryDocuments.KEY, start));
            }
            if (options.prefix() != null && !options.prefix().isEmpty()) {
                conditions.add(Filters.regex(EntryDocuments.KEY, "^" + literalRegex(options.prefix())));
            }
            conditions.add(live(clock().instant()));
            int size = options.pageSize();
            return Flux.from(collection(collection).find(Filters.and(conditions))
                            .projection(Projections.fields(Projections.include(EntryDocuments.KEY), Projections.excludeId()))
                            .sort(Sorts.ascending(EntryDocuments.KEY))
                            .limit(size)
                            .batchSize(size))
                    .filter(doc -> doc.get(EntryDocuments.KEY) instanceof org.bson.BsonString)
                    .map(doc -> doc.getString(EntryDocuments.KEY).getValue())
                    .collectList()
                    .map(keys -> new KeyPage(keys, keys.size() < size ? null : KeyCursors.encode(keys.get(keys.size() - 1))));
        });
    }

    /**
     * Lists the database's collection names (all of them: MongoDB cannot page them), then reads one
     * live document of each collection of the page for the KV name it was written under, so a
     * sanitized name maps back to the original. Collections holding no live entry are left out.
     */
    @Override
    protected Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit) {
        return Flux.from(database.listCollectionNames())
                .filter(n -> !n.startsWith("system."))
                .filter(n -> cursor == null || n.compareTo(cursor) > 0)
                .sort()
                .collectList()
                .flatMap(physical -> {
                    List<String> page = physical.subList(0, Math.min(limit, physical.size()));
                    String next = page.size() < physical.size() ? page.get(page.size() - 1) : null;
                    Instant now = clock().instant();
                    return Flux.fromIterable(page)
                            .concatMap(n -> Mono.from(database.getCollection(n, RawBsonDocument.class)
                                            .find(live(now))
                                            .projection(Projections.include(EntryDocuments.COLLECTION))
                                            .first())
                                    .map(doc -> doc.get(EntryDocuments.COLLECTION) instanceof org.bson.BsonString s
                                            ? s.getValue() : n))
                            .collectList()
                            .map(kvNames -> new KeyPage(kvNames, next));
                });
    }

    /** Drops the MongoDB collection, as py-key-value does; a watch of it sees RESYNC. */
    @Override
    protected Mono<Boolean> removeCollection(String collection) {
        return Mono.defer(() -> {
            MongoCollection<RawBsonDocument> c = collection(collection);
            String physical = c.getNamespace().getCollectionName();
            indexed.remove(physical);
            // an empty (or absent) collection is left alone: there is nothing to remove
            return Mono.from(c.find().projection(Projections.excludeId()).first()).hasElement()
                    .flatMap(any -> !any ? Mono.just(false) : Mono.from(c.drop())
                            .doFinally(s -> indexed.remove(physical))
                            .thenReturn(true));
        });
    }

    // ---- watch -------------------------------------------------------------------------------------

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        if (noWatchReason != null) {
            return Flux.error(new UnsupportedCapabilityException("watch needs MongoDB change streams: " + noWatchReason));
        }
        return super.watch(collection, filter);
    }

    @Override
    protected Flux<KeyEvent> watchBackend(String collection, KeyFilter filter) {
        ChangeFeeds f = feeds;
        if (f == null) {
            return Flux.error(unsupported(Capability.WATCH, "watch"));
        }
        return Flux.defer(() -> f.watch(collection, names.physical(collection), filter));
    }

    // ---- lifecycle and errors ----------------------------------------------------------------------

    @Override
    protected void closeBackend() {
        if (feeds != null) {
            feeds.close();
        }
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    protected KeyValueException translate(Throwable error) {
        if (error instanceof BsonMaximumSizeExceededException
                || (error instanceof MongoServerException se && (se.getCode() == 10334 || se.getCode() == 17419
                || se.getCode() == 2 && String.valueOf(se.getMessage()).contains("too large")))) {
            return new EntryTooLargeException("Entry exceeds MongoDB's 16 MB document limit: " + error.getMessage(), error);
        }
        if (error instanceof org.bson.BsonSerializationException) {
            return new SerializationException("Value cannot be stored as BSON: " + error.getMessage(), error);
        }
        if (error instanceof MongoExecutionTimeoutException || error instanceof MongoOperationTimeoutException
                || error instanceof MongoSocketReadTimeoutException) {
            return new StoreTimeoutException("MongoDB operation timed out: " + error.getMessage(), error);
        }
        if (error instanceof MongoTimeoutException || error instanceof MongoSocketException
                || (error instanceof MongoException me && (me.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                || me.getCause() instanceof java.io.IOException))
                || (error instanceof IllegalStateException && String.valueOf(error.getMessage()).contains("state should be: open"))) {
            return new StoreUnavailableException("MongoDB is unavailable: " + error.getMessage(), error);
        }
        return super.translate(error);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Documents not expired at {@code now}: no expiry, or one after now (and anything that is not a date). */
    static Bson live(Instant now) {
        return Filters.not(Filters.lte(EntryDocuments.EXPIRES_AT, new BsonDateTime(now.toEpochMilli())));
    }

    /** Backslash before every non-alphanumeric ASCII character: literal both in PCRE and in Java regex. */
    static String literalRegex(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 128 && !Character.isLetterOrDigit(ch)) {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }

    /**
     * The unique index on {@code key} (py-key-value's is not unique; conditional writes rely on
     * uniqueness) and the TTL index on {@code expires_at}, created once per collection and store
     * before its first write. A failed attempt is retried by the next write.
     */
    private Mono<Void> ensureIndexes(MongoCollection<RawBsonDocument> c) {
        String physical = c.getNamespace().getCollectionName();
        return indexed.computeIfAbsent(physical, n -> Mono.from(c.createIndex(new BsonDocument(EntryDocuments.KEY, new org.bson.BsonInt32(1)),
                                new IndexOptions().unique(true).name("key_1")))
                        .onErrorResume(e -> e instanceof MongoCommandException mce && INDEX_CONFLICTS.contains(mce.getErrorCode()), e -> {
                            LOG.warn("MongoDB collection {} already has a different index on key (py-key-value creates a "
                                    + "non-unique one): putIfAbsent cannot rely on uniqueness there. {}", n, e.getMessage());
                            return Mono.empty();
                        })
                        .then(Mono.from(c.createIndex(new BsonDocument(EntryDocuments.EXPIRES_AT, new org.bson.BsonInt32(1)),
                                new IndexOptions().expireAfter(0L, java.util.concurrent.TimeUnit.SECONDS).name("expires_at_1"))))
                        .then()
                        .cache(v -> FOREVER, e -> Duration.ZERO, () -> FOREVER));
    }

    private static boolean isDuplicateKey(Throwable e) {
        if (e instanceof MongoWriteException we) {
            return we.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (e instanceof MongoBulkWriteException be) {
            return be.getWriteErrors().stream().anyMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY);
        }
        return e instanceof MongoCommandException ce && ce.getErrorCode() == DUPLICATE_KEY;
    }
}
