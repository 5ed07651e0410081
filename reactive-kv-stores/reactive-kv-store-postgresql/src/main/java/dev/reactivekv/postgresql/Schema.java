package dev.reactivekv.postgresql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import dev.reactivekv.error.StoreSetupException;

/**
 * The table py-key-value's {@code PostgreSQLStore} creates, with the same DDL, plus what this store
 * adds beside it (a notify function and trigger), and the statement texts the store runs.
 *
 * <p>The table name is interpolated into SQL unquoted, exactly as py-key-value does, so the same
 * name folds to the same (lower-case) table for both libraries; it is validated the same way
 * (letters, digits and underscores, not starting with a digit, at most 63 characters).
 */
final class Schema {

    static final String DEFAULT_TABLE = "kv_store";
    private static final int MAX_IDENTIFIER = 63;

    /** The version of a row: a digest of what a read returns, computed by the server the same way for reads and compare-and-set. */
    static final String VERSION = "left(md5(value::text || '|' || coalesce(extract(epoch from created_at)::text, '')"
            + " || '|' || coalesce(extract(epoch from expires_at)::text, '')), 16)";

    final String table;
    private final String givenName;
    final String channel;
    final String function;
    final String trigger;

    Schema(String tableName) {
        validate(tableName);
        this.givenName = tableName;
        this.table = tableName.toLowerCase(Locale.ROOT);
        String suffix = table.length() <= MAX_IDENTIFIER - 10 ? table : sha256Hex(table).substring(0, 16);
        this.channel = "rkv_" + suffix;
        this.function = "rkv_notify_" + (table.length() <= MAX_IDENTIFIER - 11 ? table : sha256Hex(table).substring(0, 16));
        this.trigger = channel + "_trg";
    }

    /** py-key-value's rule: alphanumeric plus underscores, no leading digit, at most 63 characters. */
    static void validate(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c == '_' || (c < 128 && Character.isLetterOrDigit(c)))
                || Character.isDigit(name.charAt(0)) || name.length() > MAX_IDENTIFIER) {
            throw new StoreSetupException("Table name must be 1-63 ASCII letters, digits or underscores, not starting "
                    + "with a digit (py-key-value's rule), got '" + name + "'");
        }
    }

    /** py-key-value's DDL, character for character (so an existing table of either library is used as is). */
    String createTable() {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "collection TEXT NOT NULL, "
                + "key TEXT NOT NULL, "
                + "value JSONB NOT NULL, "
                + "ttl DOUBLE PRECISION, "
                + "created_at TIMESTAMPTZ, "
                + "expires_at TIMESTAMPTZ, "
                + "PRIMARY KEY (collection, key))";
    }

    /** py-key-value's partial index on {@code expires_at}, with its naming rule for long table names. */
    String createExpiryIndex() {
        String index = "idx_" + table + "_expires_at";
        if (index.length() > MAX_IDENTIFIER) {
            index = "idx_" + sha256Hex(givenName).substring(0, 16) + "_exp"; // py-key-value hashes the name as given
        }
        return "CREATE INDEX IF NOT EXISTS " + index + " ON " + table + "(expires_at) WHERE expires_at IS NOT NULL";
    }

    /**
     * The row trigger's function: one notification per changed row on {@link #channel}, payload
     * {@code {"op": "put"|"delete"|"expire", "c": collection, "k": key}}. NOTIFY payloads must stay
     * under 8000 bytes, so a row whose names are too long is announced as a RESYNC of its collection
     * (or of every collection, when the collection name alone is too long). A delete is an expiry
     * when the sweeper marked its transaction or the row had expired by the server's clock.
     */
    String createNotifyFunction() {
        return "CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $rkv$\n"
                + "DECLARE r record; op text; payload text;\n"
                + "BEGIN\n"
                + "  IF TG_OP = 'TRUNCATE' THEN\n"
                + "    PERFORM pg_notify('" + channel + "', '{\"op\": \"resync\"}');\n"
                + "    RETURN NULL;\n"
                + "  END IF;\n"
                + "  IF TG_OP = 'DELETE' THEN\n"
                + "    r := OLD;\n"
                + "    op := CASE WHEN current_setting('reactivekv.expiring', true) = 'on'"
                + " OR (OLD.expires_at IS NOT NULL AND OLD.expires_at <= now()) THEN 'expire' ELSE 'delete' END;\n"
                + "  ELSE\n"
                + "    r := NEW;\n"
                + "    op := 'put';\n"
                + "  END IF;\n"
                + "  payload := json_build_object('op', op, 'c', r.collection, 'k', r.key)::text;\n"
                + "  IF octet_length(payload) >= 7999 THEN\n"
                + "    payload := json_build_object('op', 'resync', 'c',"
                + " CASE WHEN octet_length(r.collection) < 7900 THEN r.collection END)::text;\n"
                + "  END IF;\n"
                + "  PERFORM pg_notify('" + channel + "', payload);\n"
                + "  RETURN NULL;\n"
                + "END\n$rkv$";
    }

    /** Creates the row and truncate triggers unless they exist (an existing table keeps its other triggers). */
    String createTriggers() {
        return "DO $rkv$ BEGIN\n"
                + "  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '" + trigger + "' AND tgrelid = '"
                + table + "'::regclass) THEN\n"
                + "    CREATE TRIGGER " + trigger + " AFTER INSERT OR UPDATE OR DELETE ON " + table
                + " FOR EACH ROW EXECUTE FUNCTION " + function + "();\n"
                + "    CREATE TRIGGER " + trigger + "_truncate AFTER TRUNCATE ON " + table
                + " FOR EACH STATEMENT EXECUTE FUNCTION " + function + "();\n"
                + "  END IF;\n"
                + "END $rkv$";
    }

    /** Serializes concurrent set-ups of the same table (CREATE OR REPLACE FUNCTION races otherwise). */
    String setupLock() {
        return "SELECT pg_advisory_xact_lock(" + (long) ("reactivekv:" + table).hashCode() + ")";
    }

    String tableExists() {
        return "SELECT to_regclass('" + table + "') IS NOT NULL";
    }

    // ---- statements ----------------------------------------------------------------------

    String select() {
        return "SELECT value::text, created_at, expires_at, " + VERSION + " FROM " + table
                + " WHERE collection = $1 AND key = $2";
    }

    String selectMany() {
        return "SELECT key, value::text, created_at, expires_at, " + VERSION + " FROM " + table
                + " WHERE collection = $1 AND key = ANY($2)";
    }

    private String columns() {
        return " (collection, key, value, ttl, created_at, expires_at) ";
    }

    private static String replaceAll() {
        return " SET value = EXCLUDED.value, ttl = EXCLUDED.ttl, created_at = EXCLUDED.created_at,"
                + " expires_at = EXCLUDED.expires_at";
    }

    /** An upsert that, unlike py-key-value's, also replaces {@code created_at}, so {@code expires_at - created_at} stays the TTL. */
    String upsert() {
        return "INSERT INTO " + table + columns() + "VALUES ($1, $2, $3::jsonb, $4, $5, $6)"
                + " ON CONFLICT (collection, key) DO UPDATE" + replaceAll();
    }

    /** One multi-row upsert for a whole batch: the rows come as two parallel arrays. */
    String upsertMany() {
        return "INSERT INTO " + table + columns()
                + "SELECT $1, u.k, u.v::jsonb, $4, $5, $6 FROM unnest($2::text[], $3::text[]) AS u(k, v)"
                + " ON CONFLICT (collection, key) DO UPDATE" + replaceAll();
    }

    /** Inserts, or replaces a row that expired by {@code $7}; no row is affected when a live one exists. */
    String insertIfAbsent() {
        return "INSERT INTO " + table + " AS t" + columns() + "VALUES ($1, $2, $3::jsonb, $4, $5, $6)"
                + " ON CONFLICT (collection, key) DO UPDATE" + replaceAll()
                + " WHERE t.expires_at IS NOT NULL AND t.expires_at <= $7";
    }

    /** Replaces a live row ({@code $7} is now) whose {@link #VERSION} is {@code $8}. */
    String replaceIfVersion() {
        return "UPDATE " + table + " SET value = $3::jsonb, ttl = $4, created_at = $5, expires_at = $6"
                + " WHERE collection = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $7) AND "
                + VERSION + " = $8";
    }

    String delete() {
        return "DELETE FROM " + table + " WHERE collection = $1 AND key = $2 RETURNING expires_at";
    }

    String deleteMany() {
        return "DELETE FROM " + table + " WHERE collection = $1 AND key = ANY($2) RETURNING expires_at";
    }

    String deleteCollection() {
        return "DELETE FROM " + table + " WHERE collection = $1";
    }

    /** Rows one sweep statement deletes at most; a full batch is followed by another at once. */
    static final int SWEEP_BATCH = 1000;

    /**
     * Deletes up to {@link #SWEEP_BATCH} rows expired by {@code $1}, found through the partial index on
     * {@code expires_at} (the bounded, ordered subquery keeps a generic plan on the index) and deleted by
     * row address. Rows another transaction holds are skipped (left for the next sweep), so a sweep never
     * waits for a writer and cannot deadlock with one. It marks its own transaction so the trigger announces EXPIRE: {@code set_config} is
     * volatile, so it runs for each deleted row, before that row's trigger.
     */
    String sweep() {
        return "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table
                + " WHERE expires_at <= $1 ORDER BY expires_at LIMIT " + SWEEP_BATCH + " FOR UPDATE SKIP LOCKED))"
                + " AND expires_at <= $1 AND set_config('reactivekv.expiring', 'on', true) = 'on'";
    }

    /**
     * One page of keys in the column's order: keyset pagination ({@code key > $after}) on the primary
     * key, unexpired by the store's clock, optionally with a prefix ({@code starts_with} is literal:
     * no pattern characters to escape) and, where the order is code-point order, a range bound.
     */
    String keyPage(boolean after, boolean prefix, boolean prefixRange, boolean upperBound) {
        StringBuilder sql = new StringBuilder("SELECT key FROM ").append(table)
                .append(" WHERE collection = $1 AND (expires_at IS NULL OR expires_at > $2)");
        int n = 3;
        if (after) {
            sql.append(" AND key > $").append(n++);
        }
        if (prefix) {
            int p = n++;
            sql.append(" AND starts_with(key, $").append(p).append(')');
            if (prefixRange) {
                sql.append(" AND key >= $").append(p);
            }
            if (upperBound) {
                sql.append(" AND key < $").append(n++);
            }
        }
        return sql.append(" ORDER BY key LIMIT $").append(n).toString();
    }

    /** Distinct collections after {@code $1}, as a loose index scan over the primary key (one probe per name, not per row). */
    String collectionPage() {
        return "WITH RECURSIVE c(name) AS ("
                + " SELECT (SELECT min(collection) FROM " + table + " WHERE collection > $1)"
                + " UNION ALL SELECT (SELECT min(collection) FROM " + table + " WHERE collection > c.name)"
                + " FROM c WHERE c.name IS NOT NULL)"
                + " SELECT name FROM c WHERE name IS NOT NULL LIMIT $2";
    }

    /** Whether {@code ORDER BY key} on this table sorts by code point (a C-like collation): the sample's sorted order. */
    String keyCollationSample() {
        return "SELECT string_agg(x, ',' ORDER BY x COLLATE \"%s\") FROM unnest(ARRAY['b', 'B', 'a', '_', '-', 'aa', 'a b',"
                + " 'Z', 'z', '1', '\u00e9', 'e', '\u4e16', '~']::text[]) AS x";
    }

    String keyCollationName() {
        return "SELECT co.collname FROM pg_attribute a JOIN pg_collation co ON co.oid = a.attcollation"
                + " WHERE a.attrelid = '" + table + "'::regclass AND a.attname = 'key'";
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
