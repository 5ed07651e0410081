package dev.reactivekv.postgresql;

import java.time.Clock;
import java.util.List;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.UnsupportedCapabilityException;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
import dev.reactivekv.tck.PersistenceContract;
import dev.reactivekv.tck.ScanContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.TtlContract;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table whose key column sorts linguistically (ICU {@code en}, as a database created with an
 * {@code en_US} locale would): keyset paging and prefixes still work, but the order is not code point
 * order, so the store does not declare ORDERED_SCAN and refuses {@code after}.
 */
class PostgresLinguisticCollationTest extends StoreTestSupport
        implements BasicContract, BulkContract, TtlContract, ScanContract, BadInputContract, ConcurrencyContract,
        ConditionalContract, PersistenceContract {

    static final String TABLE = "rkv_linguistic";
    private static final PgServer PG = PgServer.shared();

    static {
        PG.execute("DROP TABLE IF EXISTS " + TABLE,
                "CREATE TABLE " + TABLE + " (collection TEXT NOT NULL, key TEXT COLLATE \"en-x-icu\" NOT NULL, "
                        + "value JSONB NOT NULL, ttl DOUBLE PRECISION, created_at TIMESTAMPTZ, expires_at TIMESTAMPTZ, "
                        + "PRIMARY KEY (collection, key))",
                "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    @Override
    protected KeyValueStore createStore(Clock clock) {
        return PG.builder(TABLE).clock(clock).watch(false).build(); // the kit's watch runs in the main conformance test
    }

    @Override
    public int largeScanSize() {
        return 10_000;
    }

    @Override
    public long backendScanRequests() {
        return PG.query("SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE query LIKE $1",
                s -> s.bind("$1", "SELECT key FROM " + TABLE + " WHERE collection = $1%"),
                r -> r.get(0, Long.class)).get(0);
    }

    @Test
    void keysPageInTheCollationsOrderWithoutOrderedScan() {
        assertThat(store().capabilities()).doesNotContain(Capability.ORDERED_SCAN, Capability.WATCH).contains(Capability.SCAN);
        for (String k : List.of("b", "B", "a", "_x", "aa")) {
            store().put(collection(), k, value(k), null).block(PgServer.WAIT);
        }
        assertThat(store().keys(collection(), ScanOptions.all().withPageSize(2)).collectList().block(PgServer.WAIT))
                .containsExactly("_x", "a", "aa", "b", "B");
        StepVerifier.create(store().keys(collection(), ScanOptions.all().withAfter("a")))
                .expectError(UnsupportedCapabilityException.class).verify(PgServer.WAIT);
    }
}
