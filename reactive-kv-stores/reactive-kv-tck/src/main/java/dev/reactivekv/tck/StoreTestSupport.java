package dev.reactivekv.tck;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every store's conformance test: one store per test class (opening some backends is
 * slow), a fresh clock offset and fresh collection names per test, and a check that every
 * capability the store declares is exercised by the contract that proves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreTestSupport implements StoreContract {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final TestClock clock = new TestClock();
    private final String runId = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    private KeyValueStore store;
    private String collection;
    private String otherCollection;

    /** Builds a store over the backend under test with the given clock. Called once per class and by {@link #newStore()}. */
    protected abstract KeyValueStore createStore(Clock clock);

    @BeforeAll
    final void openStore() {
        store = createStore(clock);
    }

    @AfterAll
    final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @BeforeEach
    final void freshTest() {
        clock.reset();
        int n = COUNTER.incrementAndGet();
        collection = "tck-" + runId + "-" + n;
        otherCollection = "tck-" + runId + "-" + n + "-other";
    }

    @Override
    public final KeyValueStore store() {
        return store;
    }

    @Override
    public final TestClock clock() {
        return clock;
    }

    @Override
    public final String collection() {
        return collection;
    }

    @Override
    public final String otherCollection() {
        return otherCollection;
    }

    @Override
    public KeyValueStore newStore() {
        return createStore(clock);
    }

    /** The contract that must be implemented for each declared capability. */
    private static final Map<Capability, Class<?>> PROOF = Map.of(
            Capability.SCAN, ScanContract.class,
            Capability.WATCH, WatchContract.class,
            Capability.CROSS_PROCESS_WATCH, CrossProcessWatchContract.class,
            Capability.ORDERED_SCAN, OrderedScanContract.class,
            Capability.CONDITIONAL_WRITES, ConditionalContract.class,
            Capability.PERSISTENT, PersistenceContract.class,
            Capability.NATIVE_TTL, TtlContract.class);

    private static final List<Class<?>> MANDATORY = List.of(BasicContract.class, BulkContract.class,
            TtlContract.class, BadInputContract.class, ConcurrencyContract.class);

    @Test
    void everyDeclaredCapabilityIsProvenByItsContract() {
        List<String> missing = new ArrayList<>();
        for (Class<?> c : MANDATORY) {
            if (!c.isInstance(this)) {
                missing.add(c.getSimpleName() + " (mandatory)");
            }
        }
        for (Capability cap : store.capabilities()) {
            Class<?> proof = PROOF.get(cap);
            if (proof != null && !proof.isInstance(this)) {
                missing.add(proof.getSimpleName() + " (declares " + cap + ")");
            }
        }
        assertThat(missing).as("contracts this store's test must implement").isEmpty();
    }
}
