package dev.reactivekv.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's generated Fernet key file: one url-safe base64 key per line (the first encrypts, the others
 * only decrypt, for rotation). Created once, atomically (written to a private temporary file, then
 * hard-linked into place, so two processes creating it at once agree on one key), readable and writable
 * by the owner only: mode 0600 on POSIX, an owner-only ACL where the file system has ACLs, otherwise
 * {@link java.io.File}'s owner-only flags. Blocking; called from {@code build()} only.
 */
final class KeyFile {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private KeyFile() {
    }

    /** The keys in {@code file}, generating one first if the file does not exist. */
    static List<String> readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        return read(file);
    }

    static List<String> read(Path file) throws IOException {
        warnIfShared(file);
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (!line.isBlank() && !line.trim().startsWith("#")) {
                keys.add(line.trim());
            }
        }
        if (keys.isEmpty()) {
            throw new IOException("The encryption key file " + file + " holds no key");
        }
        return keys;
    }

    /** A new random Fernet key: 32 bytes, url-safe base64 with padding, as Python's {@code Fernet.generate_key()}. */
    static String generateKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().encodeToString(raw);
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView(PosixFileAttributeView.class);
        if (posix) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
            Files.createDirectories(dir);
        }
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
        try {
            if (!posix) {
                restrictToOwner(tmp);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(generateKey().getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp); // atomic and never replaces: a concurrent creator's key wins
            } catch (FileAlreadyExistsException lost) {
                return;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                try {
                    Files.move(tmp, file);
                } catch (FileAlreadyExistsException lost) {
                    return;
                }
            }
            LOG.info("Generated the encryption key file {}", file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path existingAncestor(Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? dir.getRoot() : p;
    }

    /** Owner-only access where POSIX modes are not available (Windows: an ACL with the owner alone). */
    private static void restrictToOwner(Path file) throws IOException {
        AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (acl != null) {
            UserPrincipal owner = acl.getOwner();
            acl.setAcl(List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build()));
            return;
        }
        java.io.File f = file.toFile();
        boolean ok = f.setReadable(false, false) & f.setReadable(true, true)
                & f.setWritable(false, false) & f.setWritable(true, true);
        if (!ok) {
            LOG.warn("Could not restrict {} to its owner on this file system", file);
        }
    }

    private static void warnIfShared(Path file) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> p = view.readAttributes().permissions();
                p.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
                if (!p.isEmpty()) {
                    LOG.warn("The encryption key file {} is accessible to others ({}); chmod 600 it",
                            file, PosixFilePermissions.toString(view.readAttributes().permissions()));
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not read the permissions of {}: {}", file, e.toString());
        }
    }
}
