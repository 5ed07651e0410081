package dev.reactivekv.mongodb;

import java.time.Duration;
import java.util.List;

import com.mongodb.MongoCommandException;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Asks the server, once at build time, whether it offers change streams: opens one with
 * {@code batchSize: 0} and kills it at once. A standalone {@code mongod} refuses ({@code 40573}); a
 * server that answers with a closed cursor (no oplog) offers none either.
 */
final class ChangeStreamProbe {

    /** Never a sanitized name, so the probe cannot touch a KV collection; the aggregation creates nothing. */
    static final String PROBE_COLLECTION = "reactive-kv-change-stream-probe";

    private ChangeStreamProbe() {
    }

    /**
     * Null when change streams work, else why not. Blocks up to {@code wait}.
     *
     * @throws com.mongodb.MongoException when the server cannot be reached
     */
    static @Nullable String problem(MongoDatabase db, Duration wait) {
        BsonDocument command = new BsonDocument("aggregate", new BsonString(PROBE_COLLECTION))
                .append("pipeline", new BsonArray(List.of(new BsonDocument("$changeStream", new BsonDocument()))))
                .append("cursor", new BsonDocument("batchSize", new BsonInt32(0)));
        try {
            BsonDocument reply = Mono.from(db.runCommand(command, BsonDocument.class)).block(wait);
            long id = reply == null ? 0 : reply.getDocument("cursor", new BsonDocument()).getNumber("id", new BsonInt64(0)).longValue();
            if (id == 0) {
                return "the server closed the change stream at once (no oplog)";
            }
            Mono.from(db.runCommand(new BsonDocument("killCursors", new BsonString(PROBE_COLLECTION))
                    .append("cursors", new BsonArray(List.of(new BsonInt64(id)))))).block(wait);
            return null;
        } catch (MongoCommandException e) {
            return "the server refused a change stream (" + e.getErrorCode() + " " + e.getErrorCodeName() + ": "
                    + e.getErrorMessage() + "); change streams need a replica set or a sharded cluster";
        }
    }
}
