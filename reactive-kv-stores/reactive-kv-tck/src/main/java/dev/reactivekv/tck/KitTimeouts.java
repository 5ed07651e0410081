package dev.reactivekv.tck;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.PreInterruptCallback;
import org.junit.jupiter.api.extension.PreInterruptContext;
import reactor.test.StepVerifier;

/**
 * Makes a hang in the kit fail within minutes and say where it hung: every {@link StepVerifier} that
 * names no timeout gets {@link #stepVerifierTimeout} (four times the store's patience), and when a
 * test passes its {@code @Timeout} every thread's full stack is printed to standard error before the
 * test thread is interrupted. Registered by {@link StoreTestSupport}.
 */
final class KitTimeouts implements BeforeAllCallback, AfterAllCallback, PreInterruptCallback {

    static Duration stepVerifierTimeout(StoreContract test) {
        return test.patience().multipliedBy(4);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Duration timeout = context.getTestInstance()
                .filter(StoreContract.class::isInstance)
                .map(t -> stepVerifierTimeout((StoreContract) t))
                .orElse(Duration.ofMinutes(1));
        StepVerifier.setDefaultTimeout(timeout);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        StepVerifier.resetDefaultTimeout();
    }

    @Override
    public void beforeThreadInterrupt(PreInterruptContext interrupt, ExtensionContext context) {
        if (context.getConfigurationParameter(THREAD_DUMP_ENABLED_PROPERTY_NAME, Boolean::parseBoolean).orElse(false)) {
            return; // JUnit prints its own dump
        }
        printThreadDump(System.err, context.getDisplayName() + " passed its @Timeout; interrupting "
                + interrupt.getThreadToInterrupt().getName());
    }

    /** Every live thread with its whole stack (ThreadInfo's toString cuts stacks at eight frames). */
    static void printThreadDump(PrintStream out, String why) {
        StringBuilder dump = new StringBuilder("Thread dump: ").append(why).append('\n');
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            dump.append('\n').append('"').append(t.getName()).append('"')
                    .append(t.isDaemon() ? " daemon" : "").append(" ").append(t.getState()).append('\n');
            for (StackTraceElement frame : e.getValue()) {
                dump.append("\tat ").append(frame).append('\n');
            }
        }
        out.println(dump);
        out.flush();
    }
}
