package dev.reactivekv.tck.mutant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Every contract of the kit can fail: each deliberately broken store runs through the kit (the JUnit
 * launcher, both passes of {@code StoreTestSupport}) and the test that guards the rule it breaks fails.
 */
class MutantsFailTheKitTest {

    @Test
    void aWatchThatBuffersWithoutBoundFails() {
        assertKitFails(UnboundedWatchMutant.class, "aSubscriberThatRequestsNothingGetsResyncNotAnUnboundedBuffer");
    }

    @Test
    void aScanThatReadsEverythingEagerlyFails() {
        assertKitFails(EagerScanMutant.class, "withoutDemandTheBackendReceivesNoScanRequest",
                "aSlowConsumerNeverMakesTheStoreFetchMoreThanOnePageAhead");
    }

    @Test
    void aScanThatIgnoresCancelFails() {
        assertKitFails(CancelIgnoringScanMutant.class, "cancellingAScanStopsBackendRequests", "cancellingAScanStopsFetching");
    }

    @Test
    void aGetThatReturnsExpiredEntriesFails() {
        assertKitFails(ExpiredGetMutant.class, "expiredEntriesAreNeverReturned", "anEntryExpiresAtExactlyItsExpiry");
    }

    @Test
    void aStoreThatTurnsACorruptEntryIntoAMissFails() {
        assertKitFails(CorruptAsMissMutant.class, "getTtlAndBulkReadsOfACorruptEntryFailWithDeserializationException");
    }

    @Test
    void anOperationThatThrowsSynchronouslyFails() {
        assertKitFails(SynchronousThrowMutant.class, "nothingIsThrownFromTheCallItself", "nullOrEmptyExpectedVersionsAreRejected");
    }

    /** Runs the mutant's test class through the Jupiter engine; each named test ran, in every pass, and failed. */
    private static void assertKitFails(Class<?> mutant, String... tests) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(mutant)).execute();
        Map<String, List<TestExecutionResult>> byTest = new LinkedHashMap<>();
        results.testEvents().finished().stream().forEach(e -> byTest
                .computeIfAbsent(methodName(e), m -> new ArrayList<>())
                .add(e.getPayload(TestExecutionResult.class).orElseThrow()));
        byTest.forEach((test, runs) -> runs.forEach(r -> System.out.println(mutant.getSimpleName() + "." + test + ": "
                + r.getStatus() + r.getThrowable().map(t -> " " + t.toString().lines().findFirst().orElse("")).orElse(""))));
        for (String test : tests) {
            assertThat(byTest.get(test)).as("%s.%s: runs (one per pass)", mutant.getSimpleName(), test).hasSize(2);
            assertThat(byTest.get(test)).as("%s.%s must fail the kit in every pass", mutant.getSimpleName(), test)
                    .allMatch(r -> r.getStatus() == TestExecutionResult.Status.FAILED);
        }
    }

    private static String methodName(Event e) {
        return e.getTestDescriptor().getSource()
                .filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName())
                .orElse(e.getTestDescriptor().getDisplayName());
    }
}
