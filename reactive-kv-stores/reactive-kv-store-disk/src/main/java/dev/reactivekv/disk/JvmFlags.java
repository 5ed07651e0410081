package dev.reactivekv.disk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.reactivekv.error.StoreSetupException;

/**
 * Chronicle Map compiles code at run time and reaches into JDK internals; without the module flags
 * below the first Chronicle class fails to initialise ({@code ExceptionInInitializerError} from an
 * {@code InaccessibleObjectException}) after lock files were already created. Checking the flags
 * first turns that into a {@link StoreSetupException} that names what is missing, before any file is
 * touched.
 */
final class JvmFlags {

    /** The flags every JVM that opens a disk store needs (also in the README and docs/disk.md). */
    static final String REQUIRED = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"
            + " --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED";

    private JvmFlags() {
    }

    static void requireChronicleAccess() {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new StoreSetupException("The disk store (Chronicle Map) needs these JVM options, missing here: "
                    + String.join(" ", missing) + ". Start the JVM with " + REQUIRED
                    + " (docs/disk.md lists them for Maven, Gradle and plain java).");
        }
    }

    static List<String> missing() {
        Module self = JvmFlags.class.getModule();
        Module base = Object.class.getModule();
        List<String> missing = new ArrayList<>();
        if (!base.isExported("sun.nio.ch", self)) {
            missing.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        }
        Optional<Module> compiler = ModuleLayer.boot().findModule("jdk.compiler");
        if (compiler.isEmpty()) {
            missing.add("a JDK (this runtime has no jdk.compiler module; Chronicle compiles code at run time)");
        } else if (!compiler.get().isExported("com.sun.tools.javac.file", self)) {
            missing.add("--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");
        }
        if (!base.isOpen("java.lang", self)) {
            missing.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        }
        if (!base.isOpen("java.lang.reflect", self)) {
            missing.add("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
        }
        return missing;
    }
}
