package dev.reactivekv.search;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
import dev.reactivekv.tck.CorruptEntryContract;
import dev.reactivekv.tck.PersistenceContract;
import dev.reactivekv.tck.ScanContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.TtlContract;
import org.junit.jupiter.api.AfterAll;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole kit against one real engine: the subclass names the node. Scan requests are counted on the
 * HTTP client the store is given (every {@code _search} that leaves the JVM), not by the store.
 */
abstract class SearchConformanceSupport extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        ScanContract, BadInputContract, ConcurrencyContract, ConditionalContract, PersistenceContract, CorruptEntryContract {

    private final LongAdder searches = new LongAdder();
    private RawSearch raw;

    /** The store URI of the node under test. */
    protected abstract String uri();

    protected abstract int httpPort();

    @Override
    protected KeyValueStore createStore(Clock clock) {
        HttpClient counting = HttpClient.create().doOnRequest((request, connection) -> {
            if (request.uri().contains("/_search")) {
                searches.increment();
            }
        });
        return SearchStore.builder(uri()).httpClient(counting).clock(clock).build();
    }

    private RawSearch raw() {
        if (raw == null) {
            raw = new RawSearch(httpPort());
        }
        return raw;
    }

    @Override
    public long backendScanRequests() {
        return searches.sum();
    }

    /** More than the engines' 10,000-hit window, which py-key-value's scans never pass. */
    @Override
    public int largeScanSize() {
        return 12_000;
    }

    /** A document without a value, under the key's real index and id: what no py-key-value writer produces. */
    @Override
    public void writeCorrupt(String collection, String key) {
        String index = ("kv_store-" + SearchStore.v1CollectionSanitization().sanitize(collection)).toLowerCase(Locale.ROOT);
        String id = SearchStore.v1KeySanitization().sanitize(key);
        RawSearch.Answer a = raw().put("/" + index + "/_doc/" + id,
                EntryCodec.encodeValue(Map.of("collection", collection, "key", key, "version", 1)));
        assertThat(a.status()).as("raw write of a corrupt document: " + a.body()).isBetween(200, 201);
    }

    /** A loaded CI machine runs the in-JVM engine at a fraction of a core; 1,000 concurrent puts may take longer than 15 s there. */
    @Override
    public Duration patience() {
        return Duration.ofSeconds(60);
    }

    /** Keeps the node small: every index this class made is dropped at the end. */
    @AfterAll
    void dropIndices() {
        raw().delete("/kv_store-s_tck-*");
    }
}
