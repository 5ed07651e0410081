package dev.reactivekv.disk;

import java.io.IOException;
import java.time.Duration;

/** {@link ChildWriter} in a new JVM, through the kit's {@link dev.reactivekv.tck.process.ChildJvm} (under BlockHound). */
final class ChildJvm {

    private ChildJvm() {
    }

    static Process start(String... args) {
        return dev.reactivekv.tck.process.ChildJvm.start(ChildWriter.class.getName(), args);
    }

    /** A child without the module flags Chronicle needs, as a plain {@code java -cp} application would run. */
    static Process startWithoutModuleFlags(String... args) throws IOException {
        return new ProcessBuilder(dev.reactivekv.tck.process.ChildJvm.commandWithoutModuleFlags(ChildWriter.class.getName(), args))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Runs a child to completion (bounded) and fails unless it exits with 0. */
    static void run(String... args) {
        dev.reactivekv.tck.process.ChildJvm.run(Duration.ofMinutes(2), ChildWriter.class.getName(), args);
    }
}
