package dev.reactivekv.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.reactivekv.KeyValueStore;
import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.ValueModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class Chronicle Map would compile with javac whenever a map opens ({@code VanillaGlobalMutableState$$Native})
 * ships precompiled in this module: it must be exactly what the Chronicle Values generator on the class path
 * produces (a Chronicle upgrade that changes it fails here; {@code -Drkv.regenerate=true} rewrites the file), and
 * it must be the class Chronicle uses, so that opening the store never starts javac.
 */
class ChronicleNativeClassTest {

    private static final String NAME = "VanillaGlobalMutableState$$Native";
    private static final Path SOURCE = Path.of("src/main/java/net/openhft/chronicle/hash", NAME + ".java");

    @TempDir
    Path dir;

    @Test
    void theShippedSourceIsWhatChronicleGenerates() throws Exception {
        Method generate = Class.forName("net.openhft.chronicle.values.Generators")
                .getDeclaredMethod("generateNativeClass", ValueModel.class, String.class);
        generate.setAccessible(true); // package-private in chronicle-values: its generator, not a copy of it
        String generated = (String) generate.invoke(null, ValueModel.acquire(VanillaGlobalMutableState.class), NAME);
        String file = Files.readString(SOURCE, StandardCharsets.UTF_8);
        String header = file.substring(0, file.indexOf("package "));
        if (Boolean.getBoolean("rkv.regenerate")) {
            Files.writeString(SOURCE, header + generated, StandardCharsets.UTF_8);
            file = header + generated;
        }
        assertThat(file.substring(header.length()))
                .as("%s differs from what this Chronicle version generates: rerun with -Drkv.regenerate=true", SOURCE)
                .isEqualTo(generated);
    }

    @Test
    void chronicleUsesTheShippedClass() {
        try (KeyValueStore store = DiskStore.builder().directory(dir).encrypted(false).build()) {
            Class<?> used = ValueModel.acquire(VanillaGlobalMutableState.class).nativeClass();
            // defined from this module's classes (a class javac made at run time has no code source)
            assertThat(used.getProtectionDomain().getCodeSource()).isNotNull();
            assertThat(used.getProtectionDomain().getCodeSource().getLocation())
                    .isEqualTo(DiskStore.class.getProtectionDomain().getCodeSource().getLocation());
            assertThat(store.capabilities()).isNotEmpty();
        }
    }
}
