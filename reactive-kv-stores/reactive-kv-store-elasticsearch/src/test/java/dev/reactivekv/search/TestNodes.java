package dev.reactivekv.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the in-JVM test nodes of both engines share. */
final class TestNodes {

    /**
     * Request timeout of the stores under test. The CI machine runs many JVMs on two cores; a shard's
     * first write or a refresh may take seconds there, which is not what these tests measure.
     */
    static final String TIMEOUT = "30s";

    private TestNodes() {
    }

    /** A fresh node directory in memory when the machine has {@code /dev/shm} (the translog fsyncs every write), else in the temp dir. */
    static Path dataDirectory(String name) throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, name) : Files.createTempDirectory(name);
    }
}
