package dev.reactivekv.disk;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link ChildWriter} in a new JVM with this JVM's binary, class path and module flags. */
final class ChildJvm {

    private ChildJvm() {
    }

    static Process start(String... args) throws java.io.IOException {
        return start(true, args);
    }

    /** A child without the module flags Chronicle needs, as a plain {@code java -cp} application would run. */
    static Process startWithoutModuleFlags(String... args) throws java.io.IOException {
        return start(false, args);
    }

    private static Process start(boolean moduleFlags, String... args) throws java.io.IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if ((moduleFlags && (a.startsWith("--add-") || a.startsWith("--enable-native-access"))) || a.startsWith("-Dchronicle")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildWriter.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Runs a child to completion (bounded) and fails unless it exits with 0. */
    static void run(String... args) {
        try {
            Process p = start(args);
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM " + List.of(args) + " did not finish in 2 minutes");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("child JVM " + List.of(args) + " exited with " + p.exitValue());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
