package dev.reactivekv.mongodb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.SerializationException;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

/**
 * JSON values to BSON and back, as pymongo maps Python's: integers as Int32 when they fit, else
 * Int64; floats as doubles. Integers beyond Int64 (which pymongo refuses) become exact Decimal128
 * so they round-trip; those beyond its 34 digits are refused.
 */
final class BsonValues {

    private static final BigInteger MAX_DECIMAL128 = BigInteger.TEN.pow(34).subtract(BigInteger.ONE);

    private BsonValues() {
    }

    /** A canonical JSON object (see {@code JsonValues}) as a BSON document. */
    static BsonDocument toBson(Map<String, Object> value) {
        return document(value, "$");
    }

    private static BsonDocument document(Map<?, ?> map, String path) {
        BsonDocument doc = new BsonDocument();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.indexOf('\0') >= 0) {
                throw new SerializationException("BSON field names cannot hold NUL characters, at " + path);
            }
            doc.append(name, value(e.getValue(), path + "." + name));
        }
        return doc;
    }

    private static BsonValue value(@Nullable Object v, String path) {
        if (v == null) {
            return BsonNull.VALUE;
        }
        if (v instanceof String s) {
            return new BsonString(s);
        }
        if (v instanceof Boolean b) {
            return BsonBoolean.valueOf(b);
        }
        if (v instanceof Integer i) {
            return new BsonInt32(i);
        }
        if (v instanceof Long l) {
            return new BsonInt64(l);
        }
        if (v instanceof Double d) {
            return new BsonDouble(d);
        }
        if (v instanceof BigInteger b) {
            if (b.abs().compareTo(MAX_DECIMAL128) > 0) {
                throw new SerializationException("Integer " + b + " at " + path + " has more than 34 digits, beyond BSON's Decimal128");
            }
            return new BsonDecimal128(new Decimal128(new BigDecimal(b)));
        }
        if (v instanceof Map<?, ?> m) {
            return document(m, path);
        }
        if (v instanceof List<?> list) {
            List<BsonValue> items = new ArrayList<>(list.size());
            int i = 0;
            for (Object item : list) {
                items.add(value(item, path + "[" + i++ + "]"));
            }
            return new BsonArray(items);
        }
        throw new SerializationException("Unsupported value type " + v.getClass().getName() + " at " + path);
    }

    /** A stored BSON document as an immutable JSON object; other BSON types are a corrupt entry. */
    static Map<String, Object> fromBson(BsonDocument doc) {
        return object(doc, "value.object");
    }

    private static Map<String, Object> object(BsonDocument doc, String path) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, (int) (doc.size() / 0.75f) + 1));
        for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
            out.put(e.getKey(), json(e.getValue(), path + "." + e.getKey()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static @Nullable Object json(BsonValue v, String path) {
        switch (v.getBsonType()) {
            case NULL:
                return null;
            case STRING:
                return v.asString().getValue();
            case BOOLEAN:
                return v.asBoolean().getValue();
            case INT32:
                return v.asInt32().getValue();
            case INT64: {
                long l = v.asInt64().getValue();
                return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? Integer.valueOf((int) l) : Long.valueOf(l);
            }
            case DOUBLE:
                return v.asDouble().getValue();
            case DECIMAL128:
                return decimal(v.asDecimal128().getValue(), path);
            case DOCUMENT:
                return object(v.asDocument(), path);
            case ARRAY: {
                BsonArray array = v.asArray();
                List<Object> items = new ArrayList<>(array.size());
                for (int i = 0; i < array.size(); i++) {
                    items.add(json(array.get(i), path + "[" + i + "]"));
                }
                return Collections.unmodifiableList(items);
            }
            default:
                throw new DeserializationException("Stored value holds BSON " + v.getBsonType() + " at " + path
                        + ", which is not JSON");
        }
    }

    private static Object decimal(Decimal128 d, String path) {
        if (d.isNaN() || d.isInfinite()) {
            throw new DeserializationException("Stored value holds a non-finite Decimal128 at " + path);
        }
        BigDecimal bd = d.bigDecimalValue();
        try {
            BigInteger b = bd.toBigIntegerExact();
            return b.bitLength() < 32 ? Integer.valueOf(b.intValue())
                    : b.bitLength() < 64 ? Long.valueOf(b.longValue()) : b;
        } catch (ArithmeticException fraction) {
            return bd.doubleValue();
        }
    }
}
