package dev.reactivekv.tck;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every store's conformance test: one store per test class (opening some backends is
 * slow), a fresh clock offset and fresh collection names per test, and a check that every
 * capability the store declares is exercised by the contract that proves it.
 *
 * <p>The class runs twice ({@link Subscriptions}): once as the contracts call the store, once with
 * every operation of {@link #store()} subscribed on {@code Schedulers.parallel()}, where BlockHound
 * fails any blocking call the store makes while being subscribed or requested from.
 *
 * <p>Nothing waits without bound: a test fails after {@code @Timeout} (five minutes; a store's test
 * may declare its own) with a dump of every thread's stack, a {@code StepVerifier} without a timeout
 * fails after four times {@link #patience()}, and the kit's blocking calls wait at most
 * {@link #patience()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass(name = "{0}")
@EnumSource(StoreTestSupport.Subscriptions.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@ExtendWith(KitTimeouts.class)
public abstract class StoreTestSupport implements StoreContract {

    /** Where the contracts' subscriptions to {@link #store()} run. */
    public enum Subscriptions {
        /** On the thread that subscribes (the test thread, or whatever thread the contract chose). */
        AS_CALLED,
        /** Every operation {@code subscribeOn(Schedulers.parallel())}: a non-blocking thread BlockHound watches. */
        ON_PARALLEL
    }

    @Parameter
    private Subscriptions subscriptions;

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final TestClock clock = new TestClock();
    private final String runId = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    private KeyValueStore store;
    private KeyValueStore onParallel;
    private String collection;
    private String otherCollection;

    /** Builds a store over the backend under test with the given clock. Called once per class and by {@link #newStore()}. */
    protected abstract KeyValueStore createStore(Clock clock);

    @BeforeAll
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    final void openStore() {
        store = createStore(clock);
        onParallel = new SubscribedOnParallel(store);
    }

    @AfterAll
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
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
        return subscriptions == Subscriptions.ON_PARALLEL ? onParallel : store;
    }

    /**
     * The store {@link #createStore} returned, as it is: {@link #store()} without the ON_PARALLEL pass's
     * decorator. For a test's own hooks that need the store's concrete type (counters, raw handles).
     */
    protected final KeyValueStore createdStore() {
        return store;
    }

    /** Which pass this is. */
    public final Subscriptions subscriptions() {
        return subscriptions;
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
