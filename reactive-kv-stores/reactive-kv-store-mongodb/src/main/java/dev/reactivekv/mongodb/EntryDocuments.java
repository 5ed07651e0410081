package dev.reactivekv.mongodb;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.StoredEntry;
import dev.reactivekv.spi.Versions;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.jspecify.annotations.Nullable;

/**
 * py-key-value's MongoDB document: {@code {_id, key, version: 1, collection, created_at, expires_at,
 * value: {object: …}}} with BSON dates (milliseconds), written with one upsert per key.
 *
 * <p>Writes are {@code $set} updates like py-key-value's, so a document Python created keeps its
 * {@code _id}; a document this store creates gets {@code _id = key}, which lets a change stream's
 * delete event (it carries only the {@code _id}) name the key. A write without TTL {@code $unset}s
 * {@code expires_at} (py-key-value keeps the old one, a bug).
 */
final class EntryDocuments {

    static final String ID = "_id";
    static final String KEY = "key";
    static final String VERSION = "version";
    static final String COLLECTION = "collection";
    static final String CREATED_AT = "created_at";
    static final String EXPIRES_AT = "expires_at";
    static final String VALUE = "value";
    static final String OBJECT = "object";

    private EntryDocuments() {
    }

    /** The upsert's update document: the fields in py-key-value's order, the expiry set or removed. */
    static BsonDocument update(String collection, String key, StoredEntry entry) {
        BsonDocument set = new BsonDocument()
                .append(KEY, new BsonString(key))
                .append(VERSION, new BsonInt32(EntryCodec.FORMAT_VERSION))
                .append(COLLECTION, new BsonString(collection));
        Instant created = createdMillis(entry);
        set.append(CREATED_AT, new BsonDateTime(created.toEpochMilli()));
        Instant expires = expiresMillis(entry);
        if (expires != null) {
            set.append(EXPIRES_AT, new BsonDateTime(expires.toEpochMilli()));
        }
        set.append(VALUE, new BsonDocument(OBJECT, BsonValues.toBson(entry.value())));
        BsonDocument update = new BsonDocument("$set", set);
        if (expires == null) {
            update.append("$unset", new BsonDocument(EXPIRES_AT, new BsonString("")));
        }
        return update.append("$setOnInsert", new BsonDocument(ID, new BsonString(key)));
    }

    /** BSON dates hold milliseconds: the creation time is cut to them (as pymongo does). */
    static Instant createdMillis(StoredEntry entry) {
        Instant created = entry.createdAt() == null ? Instant.now() : entry.createdAt();
        return created.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The expiry at millisecond precision: the stored creation time plus the TTL, rounded up, so the
     * entry never expires before its TTL has passed and a whole-millisecond TTL is stored exactly.
     */
    static @Nullable Instant expiresMillis(StoredEntry entry) {
        if (entry.expiresAt() == null) {
            return null;
        }
        Instant created = entry.createdAt() == null ? Instant.now() : entry.createdAt();
        Instant exact = createdMillis(entry).plus(java.time.Duration.between(created, entry.expiresAt()));
        Instant floor = exact.truncatedTo(ChronoUnit.MILLIS);
        return floor.equals(exact) ? floor : floor.plusMillis(1);
    }

    /**
     * Reads a stored document as py-key-value does: {@code value.object} an object (or a JSON string),
     * dates BSON dates when present. The version is a digest of the document's bytes.
     *
     * @throws DeserializationException when the document is not such an entry
     */
    static StoredEntry decode(RawBsonDocument doc) {
        BsonValue value = doc.get(VALUE);
        if (value == null || !value.isDocument()) {
            throw new DeserializationException("Stored document's value is " + describe(value) + ", not {object: …}");
        }
        BsonValue object = value.asDocument().get(OBJECT);
        Map<String, Object> map;
        if (object != null && object.isDocument()) {
            map = BsonValues.fromBson(object.asDocument());
        } else if (object != null && object.isString()) {
            map = EntryCodec.decodeValue(object.asString().getValue());
        } else {
            throw new DeserializationException("Stored document's value.object is " + describe(object) + ", not an object");
        }
        return new StoredEntry(map, date(doc, CREATED_AT), date(doc, EXPIRES_AT), version(doc));
    }

    private static @Nullable Instant date(BsonDocument doc, String field) {
        BsonValue v = doc.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isDateTime()) {
            throw new DeserializationException("Stored document's " + field + " is " + describe(v) + ", not a date");
        }
        return Instant.ofEpochMilli(v.asDateTime().getValue());
    }

    static String version(RawBsonDocument doc) {
        ByteBuffer buffer = doc.getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return Versions.ofStored(bytes);
    }

    private static String describe(@Nullable BsonValue v) {
        return v == null ? "missing" : "a BSON " + v.getBsonType();
    }
}
