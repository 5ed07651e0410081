package dev.reactivekv.tck.mutant;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

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
    void aScanThatRepeatsKeysUndeclaredFails() {
        assertKitFails(RepeatingScanMutant.class, "keysEmitsEveryKeyExactlyOnceAcrossPages",
                "aSlowConsumerNeverMakesTheStoreFetchMoreThanOnePageAhead", "withoutDemandTheBackendReceivesNoScanRequest");
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

    @Test
    void aReadThatBlocksTheSubscribingThreadFailsTheParallelPass() {
        Map<String, List<TestExecutionResult>> runs = run(selectMethod(BlockingReadMutant.class, "getOfMissingKeyIsEmpty"));
        assertThat(runs.get("getOfMissingKeyIsEmpty [AS_CALLED]")).extracting(TestExecutionResult::getStatus)
                .containsExactly(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(runs.get("getOfMissingKeyIsEmpty [ON_PARALLEL]")).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
            assertThat(r.getThrowable()).get().asString().contains("Blocking call");
        });
    }

    @Test
    void aLostReplyFailsAtTheTestTimeoutWithAThreadDump() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Map<String, List<TestExecutionResult>> runs;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            runs = run(selectMethod(HangingGetMutant.class, "getOfMissingKeyIsEmpty"));
        } finally {
            System.setErr(err);
        }
        err.print(captured.toString(StandardCharsets.UTF_8));
        assertThat(runs.get("getOfMissingKeyIsEmpty [AS_CALLED]")).singleElement().satisfies(r ->
                assertThat(r.getThrowable()).get().isInstanceOf(TimeoutException.class));
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("Thread dump: getOfMissingKeyIsEmpty() passed its @Timeout")
                .contains("dev.reactivekv.tck.BasicContract.getOfMissingKeyIsEmpty(BasicContract.java");
    }

    @Test
    void aLostReplyFailsAtTheStepVerifierDefaultTimeout() {
        Map<String, List<TestExecutionResult>> runs = run(selectMethod(HangingGetMutant.UnderALongTimeout.class,
                "getOfMissingKeyIsEmpty"));
        assertThat(runs.get("getOfMissingKeyIsEmpty [AS_CALLED]")).singleElement().satisfies(r ->
                assertThat(r.getThrowable()).get().asString().contains("timed out"));
    }

    /** Runs the mutant's test class through the Jupiter engine; each named test ran, in every pass, and failed. */
    private static void assertKitFails(Class<?> mutant, String... tests) {
        Map<String, List<TestExecutionResult>> runs = run(selectClass(mutant));
        for (String test : tests) {
            for (String pass : List.of(" [AS_CALLED]", " [ON_PARALLEL]")) {
                assertThat(runs.get(test + pass)).as("%s.%s%s", mutant.getSimpleName(), test, pass)
                        .extracting(TestExecutionResult::getStatus)
                        .containsExactly(TestExecutionResult.Status.FAILED);
            }
        }
    }

    /** The results of the selected tests by "method [pass]", printed one line each. */
    private static Map<String, List<TestExecutionResult>> run(DiscoverySelector selector) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selector).execute();
        Map<String, List<TestExecutionResult>> byTest = new LinkedHashMap<>();
        results.testEvents().finished().stream().forEach(e -> byTest
                .computeIfAbsent(methodName(e) + " [" + pass(e) + "]", m -> new ArrayList<>())
                .add(e.getPayload(TestExecutionResult.class).orElseThrow()));
        String what = selector instanceof ClassSelector c ? c.getClassName() : ((MethodSelector) selector).getClassName();
        byTest.forEach((test, runs) -> runs.forEach(r -> System.out.println(what.substring(what.lastIndexOf('.') + 1) + "." + test + ": "
                + r.getStatus() + r.getThrowable().map(t -> " " + t.toString().lines().findFirst().orElse("")).orElse(""))));
        return byTest;
    }

    /** Which invocation of StoreTestSupport's class template ran the test. */
    private static String pass(Event e) {
        String id = e.getTestDescriptor().getUniqueId().toString();
        return id.contains("class-template-invocation:#1") ? "AS_CALLED"
                : id.contains("class-template-invocation:#2") ? "ON_PARALLEL" : "?";
    }

    private static String methodName(Event e) {
        return e.getTestDescriptor().getSource()
                .filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName())
                .orElse(e.getTestDescriptor().getDisplayName());
    }
}
