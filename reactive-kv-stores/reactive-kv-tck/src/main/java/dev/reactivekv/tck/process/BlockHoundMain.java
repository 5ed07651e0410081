package dev.reactivekv.tck.process;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

import reactor.blockhound.BlockHound;

/**
 * The entry point of every JVM a test starts ({@link ChildJvm}): installs BlockHound exactly as the test JVM's
 * {@code blockhound-junit-platform} listener does ({@link BlockHound#install()}, so with every integration on the class
 * path registered through {@code ServiceLoader}), then runs the real main class, {@code args[0]}, with the remaining
 * arguments. Writes nothing itself: a stdio MCP server's standard output stays its protocol channel.
 */
public final class BlockHoundMain {

    private BlockHoundMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: BlockHoundMain <main class> [args...]");
        }
        BlockHound.install();
        MethodHandle main = MethodHandles.publicLookup().findStatic(Class.forName(args[0]), "main",
                MethodType.methodType(void.class, String[].class));
        main.invokeExact(Arrays.copyOfRange(args, 1, args.length));
    }
}
