package dev.reactivekv.disk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owner-only permissions for what the store writes: its files hold keys and collection names in clear,
 * so directories are 0700 and files 0600 on POSIX file systems (elsewhere the platform's defaults stay).
 */
final class PrivateFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates the directory (and missing parents) owner-only, or makes an existing store directory owner-only. */
    static void createDirectory(Path dir) throws IOException {
        if (!POSIX) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        }
        Files.setPosixFilePermissions(dir, DIRECTORY);
    }

    /** Makes every regular file directly in {@code dir} owner-only. */
    static void restrictFiles(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    restrict(f);
                }
            }
        }
    }

    static void restrict(Path file) {
        if (!POSIX) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, FILE);
        } catch (IOException e) {
            // another process's file (we may not own it): it set the same permissions when it made it
            LOG.debug("Could not restrict {}: {}", file, e.toString());
        }
    }
}
