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
import dev.reactivekv.tck.OrderedScanContract;
import dev.reactivekv.tck.PersistenceContract;
import dev.reactivekv.tck.StoreTestSupport;
import dev.reactivekv.tck.TtlContract;
import dev.reactivekv.tck.WatchContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kit against one store directory in the default configuration (encrypted, key file generated
 * beside the directory); {@code newStore()} opens the same directory again.
 */
class DiskStoreConformanceTest extends StoreTestSupport implements BasicContract, BulkContract, TtlContract,
        OrderedScanContract, BadInputContract, ConcurrencyContract, WatchContract, ConditionalContract,
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

    @Test
    void theDefaultStoreIsEncryptedWithUnchangedCapabilities() {
        assertThat(store()).isNotInstanceOf(AbstractKeyValueStore.class);
        assertThat(store().capabilities()).isEqualTo(first.capabilities());
        assertThat(root.resolve("store.key")).exists();
    }
}
