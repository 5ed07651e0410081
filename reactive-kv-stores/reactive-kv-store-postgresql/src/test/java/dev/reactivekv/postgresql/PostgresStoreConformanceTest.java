package dev.reactivekv.postgresql;

import java.time.Clock;
import java.util.Map;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
import dev.reactivekv.tck.CorruptEntryContract;
import dev.reactivekv.tck.CrossProcessWatchContract;
import dev.reactivekv.tck.OrderedScanContract;
import dev.reactivekv.tck.PersistenceContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.TtlContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole kit against the real PostgreSQL server, on a table of its own. Scan requests are counted
 * at the server, by {@code pg_stat_statements} (the server loads it; see scripts/lib/servers.sh).
 */
class PostgresStoreConformanceTest extends StoreTestSupport
        implements BasicContract, BulkContract, TtlContract, OrderedScanContract, BadInputContract,
        ConcurrencyContract, ConditionalContract, CrossProcessWatchContract, PersistenceContract, CorruptEntryContract {

    static final String TABLE = "rkv_conformance";
    private static final PgServer PG = PgServer.shared();

    static {
        // before the kit's @BeforeAll opens the store: every run starts from no table (the store creates it)
        PG.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", "DROP TABLE IF EXISTS " + TABLE);
    }

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return PG.builder(TABLE).clock(clock).build();
    }

    /** Keyset page SELECTs on this table that the server executed (pg_stat_statements' count of calls). */
    @Override
    public long backendScanRequests() {
        return PG.query("SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE query LIKE $1",
                s -> s.bind("$1", "SELECT key FROM " + TABLE + " WHERE collection = $1%"),
                r -> r.get(0, Long.class)).get(0);
    }

    @Override
    public void writeFromOutside(String collection, String key, Map<String, Object> value) {
        PG.update("INSERT INTO " + TABLE + " (collection, key, value, ttl, created_at, expires_at)"
                        + " VALUES ($1, $2, $3::jsonb, NULL, now(), NULL) ON CONFLICT (collection, key) DO UPDATE"
                        + " SET value = EXCLUDED.value, ttl = EXCLUDED.ttl, expires_at = EXCLUDED.expires_at",
                s -> s.bind("$1", collection).bind("$2", key).bind("$3", PgJson.write(value)));
    }

    @Override
    public void deleteFromOutside(String collection, String key) {
        PG.update("DELETE FROM " + TABLE + " WHERE collection = $1 AND key = $2",
                s -> s.bind("$1", collection).bind("$2", key));
    }

    /** A JSONB value that is not an object, which py-key-value's reader rejects too. */
    @Override
    public void writeCorrupt(String collection, String key) {
        PG.update("INSERT INTO " + TABLE + " (collection, key, value, ttl, created_at, expires_at)"
                        + " VALUES ($1, $2, '[1, 2, 3]'::jsonb, NULL, now(), NULL)",
                s -> s.bind("$1", collection).bind("$2", key));
    }

    @Test
    void declaresEverythingTheKitProvesHere() {
        // the test server's database is C.UTF-8, so ORDER BY key is code point order
        assertThat(store().capabilities()).contains(Capability.SCAN, Capability.ORDERED_SCAN, Capability.WATCH,
                Capability.CROSS_PROCESS_WATCH, Capability.CONDITIONAL_WRITES, Capability.PERSISTENT);
    }
}
