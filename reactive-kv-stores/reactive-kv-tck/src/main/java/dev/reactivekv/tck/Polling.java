package dev.reactivekv.tck;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import reactor.core.publisher.Mono;

/**
 * Bounded polling for conditions a real server brings about in its own time (native expiry):
 * re-checks on a timer up to a deadline and fails with the description when it passes.
 */
public final class Polling {

    private Polling() {
    }

    /** Checks on the calling (test) thread every 50 ms until the condition holds or the deadline passes. */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Not within " + deadline + ": " + what);
            }
            Mono.delay(Duration.ofMillis(50)).block(Duration.ofSeconds(10)); // bounded: the timer fires on Reactor's parallel scheduler
        }
    }
}
