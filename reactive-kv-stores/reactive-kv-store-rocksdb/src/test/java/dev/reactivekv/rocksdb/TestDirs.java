package dev.reactivekv.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh database directories under {@code target/}, which {@code mvn clean} removes. */
final class TestDirs {

    private TestDirs() {
    }

    static Path fresh(String name) {
        try {
            Path base = Files.createDirectories(Path.of("target", "rocksdb-test"));
            return Files.createTempDirectory(base, name + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
