package dev.reactivekv.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.CompoundKey;
import dev.reactivekv.spi.ScanStatistics;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kit against one store directory in the default configuration (encrypted, key file generated
 * beside the directory); {@code newStore()} opens the same directory again.
 */
class DiskStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        OrderedScanContract, BadInputContract, ConcurrencyContract, CrossProcessWatchContract, ConditionalContract,
        PersistenceContract, CorruptEntryContract {

    /** Not an envelope, not UTF-8, not even text. */
    private static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFE, 'n', 'o', 't', ' ', '{', 0, (byte) 0xC3};

    @TempDir
    static Path root;

    /** The backend under the encryption wrapper of {@link #store()}: it counts what scans fetch. */
    private AbstractKeyValueStore first;

    @Override
    protected KeyValueStore createStore(Clock clock) {
        DiskStore.Opened opened = DiskStore.builder().directory(root.resolve("store")).clock(clock).open();
        if (first == null) {
            first = opened.backend();
        }
        return opened.store();
    }

    @Override
    public ScanStatistics scanStatistics() {
        return first.scanStatistics();
    }

    /** Another process: a child JVM opening the same directory (and key file) writes through its own store. */
    @Override
    public void writeFromOutside(String collection, String key, java.util.Map<String, Object> value) {
        ChildJvm.run("put", root.resolve("store").toString(), collection, key, String.valueOf(value.get("test")));
    }

    @Override
    public void deleteFromOutside(String collection, String key) {
        ChildJvm.run("delete", root.resolve("store").toString(), collection, key);
    }

    private DiskKeyValueStore backend() {
        return (DiskKeyValueStore) first;
    }

    /**
     * Reads of the in-memory key index, one per key page. A disk scan never reads the Chronicle Map files (the
     * sorted index, rebuilt from them on open, is what it pages through), so the index is the backend a scan
     * asks, and its read counter is the evidence; a Chronicle counter would stay at 0 whatever the demand.
     */
    @Override
    public long backendScanRequests() {
        return backend().files().index.pageReads();
    }

    /**
     * A real entry first (a raw map write bypasses the change journal, so the key index learns the key from
     * that write), then its record overwritten with garbage through the raw Chronicle map, as bit rot would leave it.
     */
    @Override
    public void writeCorrupt(String collection, String key) {
        store().put(collection, key, java.util.Map.of("soon", "garbage"), null).block(patience());
        backend().files().chain.put(CompoundKey.join(collection, key), GARBAGE);
    }

    @Test
    void aCorruptLargeValuePointerFailsReadsAndCanStillBeDeleted() {
        store().put(collection(), "big", java.util.Map.of("v", 1), null).block(patience());
        byte[] pointer = {0, 'P', '1', ':', 'x'}; // a pointer record (first byte 0) that does not parse
        backend().files().chain.put(CompoundKey.join(collection(), "big"), pointer);
        reactor.test.StepVerifier.create(store().get(collection(), "big"))
                .expectError(dev.reactivekv.error.DeserializationException.class).verify(patience());
        assertThat(store().delete(collection(), "big").block(patience())).isTrue();
        assertThat(store().exists(collection(), "big").block(patience())).isFalse();
    }

    @Test
    void theDefaultStoreIsEncryptedWithUnchangedCapabilities() {
        assertThat(store()).isNotInstanceOf(AbstractKeyValueStore.class);
        assertThat(store().capabilities()).isEqualTo(first.capabilities());
        assertThat(root.resolve("store.key")).exists();
    }
}
