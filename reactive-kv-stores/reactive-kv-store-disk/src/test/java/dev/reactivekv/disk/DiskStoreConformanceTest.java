package dev.reactivekv.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.ScanStatistics;
import dev.reactivekv.tck.BadInputContract;
import dev.reactivekv.tck.BasicContract;
import dev.reactivekv.tck.BulkContract;
import dev.reactivekv.tck.ConcurrencyContract;
import dev.reactivekv.tck.ConditionalContract;
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
        PersistenceContract {

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

    @Test
    void theDefaultStoreIsEncryptedWithUnchangedCapabilities() {
        assertThat(store()).isNotInstanceOf(AbstractKeyValueStore.class);
        assertThat(store().capabilities()).isEqualTo(first.capabilities());
        assertThat(root.resolve("store.key")).exists();
    }
}
