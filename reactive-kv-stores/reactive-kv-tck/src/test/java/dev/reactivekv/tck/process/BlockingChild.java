package dev.reactivekv.tck.process;

import java.time.Duration;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Sleeps on a Reactor parallel thread and prints what happened: {@code BLOCKED <error class>} or {@code NOT BLOCKED}. */
public final class BlockingChild {

    private BlockingChild() {
    }

    public static void main(String[] args) {
        try {
            Mono.fromCallable(() -> {
                Thread.sleep(1);
                return "slept";
            }).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(30));
            System.out.println("NOT BLOCKED");
        } catch (Throwable e) {
            Throwable cause = e;
            while (cause.getCause() != null && !cause.getClass().getName().contains("Blocking")) {
                cause = cause.getCause();
            }
            System.out.println("BLOCKED " + cause.getClass().getName());
        }
        System.out.flush();
        System.exit(0);
    }
}
