package dev.reactivekv.tck.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way tests start another JVM: this JVM's binary, class path and the flags of the parent POM's
 * {@code rkv.jvm.flags} that the child needs (module exports/opens, native access, BlockHound's
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods}, Chronicle's analytics switch), with {@link BlockHoundMain} in
 * front of the real main class, so BlockHound is installed in every JVM a test starts, as in the test JVM itself.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** The command line that runs {@code mainClass} under BlockHound, for callers that start it themselves (MCP clients). */
    public static List<String> command(String mainClass, String... args) {
        return command(true, mainClass, args);
    }

    /** The same command without the module flags Chronicle Map needs, as a plain {@code java -cp} application would run. */
    public static List<String> commandWithoutModuleFlags(String mainClass, String... args) {
        return command(false, mainClass, args);
    }

    /** Starts {@code mainClass} under BlockHound; standard error is discarded unless the caller redirects it. */
    public static Process start(String mainClass, String... args) {
        return start(new ProcessBuilder(command(mainClass, args)).redirectError(ProcessBuilder.Redirect.DISCARD));
    }

    /**
     * Runs {@code mainClass} under BlockHound to completion and returns its standard output; fails with its standard
     * error when it exits with anything but 0 or runs longer than {@code timeout} (then it is killed).
     */
    public static String run(Duration timeout, String mainClass, String... args) {
        Path err = null;
        try {
            err = Files.createTempFile("rkv-child", ".err");
            Process p = start(new ProcessBuilder(command(mainClass, args)).redirectError(err.toFile()));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("child JVM " + mainClass + " " + List.of(args) + " did not finish in " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("child JVM " + mainClass + " " + List.of(args) + " exited with " + p.exitValue()
                        + "\nstdout:\n" + out + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            deleteQuietly(err);
        }
    }

    static void deleteQuietly(Path temporaryFile) {
        if (temporaryFile != null) {
            try {
                Files.deleteIfExists(temporaryFile);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans up
            }
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command(boolean moduleFlags, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean module = a.startsWith("--add-") || a.startsWith("--enable-native-access");
            if ((moduleFlags && module) || a.startsWith("-Dchronicle") || a.equals("-XX:+AllowRedefinitionToAddDeleteMethods")
                    || a.equals("-XX:+EnableDynamicAgentLoading")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BlockHoundMain.class.getName());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
