package dev.reactivekv.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.ScanStatistics;

import static org.assertj.core.api.Assertions.assertThat;

/** What every contract needs from the test class; {@link StoreTestSupport} provides all of it. */
public interface StoreContract {

    /** The store under test, shared by the tests of a class. */
    KeyValueStore store();

    /** The clock the store was built with. */
    TestClock clock();

    /** A collection name no other test uses. */
    String collection();

    /** A second fresh collection, for isolation tests. */
    String otherCollection();

    /** A new store over the same backend (and, for persistent stores, the same data); the caller closes it. */
    KeyValueStore newStore();

    /** How long a test waits for something a real server does (expiry, notifications). */
    default Duration patience() {
        return Duration.ofSeconds(15);
    }

    /** What the store under test has fetched for scans; override when {@link #store()} wraps another store. */
    default ScanStatistics scanStatistics() {
        KeyValueStore store = store() instanceof SubscribedOnParallel p ? p.store() : store();
        if (store instanceof AbstractKeyValueStore s) {
            return s.scanStatistics();
        }
        throw new AssertionError("Override scanStatistics() for a store that is not an AbstractKeyValueStore");
    }

    /**
     * How many scan requests the backend has received so far (monotonic), counted where the backend
     * can be asked: Redis's {@code INFO commandstats} SCAN calls, RocksDB iterator creations, a
     * networked driver's request count (command listener, execution interceptor, HTTP requests).
     * Scan contracts read it to prove demand and cancel at the backend, not from the store's own
     * bookkeeping. The default reads the base class's page counter, which only a store with no
     * separate backend (the in-memory store) may rely on.
     */
    default long backendScanRequests() {
        return scanStatistics().pages();
    }

    /**
     * Whether the backend's listing may emit a key twice although nobody writes to the collection. Redis's
     * SCAN does when the server shrinks its hash table during a walk, which deletes anywhere in the same
     * database can cause. Such a store is held to "every key at least once", and its documentation must say
     * so; every other store to "every key exactly once".
     */
    default boolean listingMayRepeatKeys() {
        return false;
    }

    /**
     * The distinct keys a scan emitted, in emission order, after checking that none came twice unless
     * {@link #listingMayRepeatKeys()}.
     */
    default List<String> distinctListed(List<String> emitted) {
        Set<String> distinct = new LinkedHashSet<>(emitted);
        if (!listingMayRepeatKeys()) {
            assertThat(emitted).as("listed keys, none twice").hasSameSizeAs(distinct);
        }
        return new ArrayList<>(distinct);
    }

    /** Checks how many keys a scan emitted against how many distinct keys it had to emit. */
    default void assertListedCount(long emitted, long expected) {
        if (listingMayRepeatKeys()) {
            assertThat(emitted).as("listed keys, repeats allowed").isGreaterThanOrEqualTo(expected);
        } else {
            assertThat(emitted).as("listed keys").isEqualTo(expected);
        }
    }

    static Map<String, Object> value(String text) {
        return Map.of("test", text);
    }
}
