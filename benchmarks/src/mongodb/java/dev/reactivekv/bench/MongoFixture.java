package dev.reactivekv.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.mongodb.MongoStore;
import org.bson.RawBsonDocument;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The MongoDB server the benchmarks use. By default there is no mongod: the fixture starts
 * mongo-java-server (an in-JVM Java implementation of the wire protocol, memory backend) inside the JMH
 * fork on an ephemeral loopback port and stops it in {@link #close()}, so the absolute numbers are not
 * MongoDB's. {@code RKV_BENCH_MONGO_URI} points the benchmarks at a real server instead.
 *
 * <p>The store and the raw Reactive Streams driver baseline talk to the same server and database, each
 * through a client of its own; the raw side reads and writes {@link RawBsonDocument}s, as the store does.
 */
final class MongoFixture implements AutoCloseable {

    /** The store's collection {@code bench} is MongoDB collection {@code bench} (V1 sanitization leaves it as is). */
    static final String COLLECTION = "bench";
    /** Where the raw baseline writes: a collection of its own, with the store's unique index on {@code key}. */
    static final String RAW_COLLECTION = "raw";

    private final @Nullable MongoServer server;
    final String uri;
    final KeyValueStore store;
    final MongoClient client;
    final MongoCollection<RawBsonDocument> storeDocs;
    final MongoCollection<RawBsonDocument> rawDocs;

    MongoFixture() {
        String external = System.getenv("RKV_BENCH_MONGO_URI");
        if (external == null || external.isBlank()) {
            server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            uri = "mongodb://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
        } else {
            server = null;
            uri = external;
        }
        store = MongoStore.builder(uri).changeStreams(false).build();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build());
        var db = client.getDatabase(MongoStore.DEFAULT_DATABASE);
        storeDocs = db.getCollection(COLLECTION, RawBsonDocument.class);
        rawDocs = db.getCollection(RAW_COLLECTION, RawBsonDocument.class);
        Mono.from(rawDocs.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true))).block();
    }

    @Override
    public void close() {
        try {
            Mono.from(storeDocs.drop()).block();
            Mono.from(rawDocs.drop()).block();
        } finally {
            store.close();
            client.close();
            if (server != null) {
                server.shutdownNow();
            }
        }
    }
}
