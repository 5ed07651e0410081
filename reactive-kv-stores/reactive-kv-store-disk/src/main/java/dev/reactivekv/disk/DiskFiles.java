package dev.reactivekv.disk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;

import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.spi.CompoundKey;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.WatchHub;
import dev.reactivekv.spi.ExpiryQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store directory opened by this JVM, shared by every store instance on it (reference counted):
 * the map chain, the key index, the expiry queue, the per-key lock stripes and the watch hubs of the
 * instances. Sharing keeps two instances in one process consistent (index, watch) and avoids mapping
 * the files twice.
 *
 * <p>Opening takes {@code setup.lock} exclusively (other processes opening wait), then checks whether any
 * process holds {@code users.lock}: if none does, the files may be left over from a crash and are
 * recovered (Chronicle resets segment locks, which is only safe when nobody else uses them) and
 * orphaned large-value parts are deleted. Every open directory holds a shared lock on {@code users.lock}.
 */
final class DiskFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DiskFiles.class);
    private static final Map<Path, DiskFiles> OPEN = new HashMap<>();
    private static final int STRIPES = 1024;

    final Path directory;
    final MapChain chain;
    final KeyIndex index = new KeyIndex();
    final ExpiryQueue expiries = new ExpiryQueue();
    final Set<WatchHub> hubs = new CopyOnWriteArraySet<>();
    private final ChangeJournal journal;
    private final JournalTailer tailer;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private volatile FileChannel stripeChannel;
    private final FileChannel usersChannel;
    private final FileLock usersLock;
    private int references = 1;

    /** Opens (or shares) the directory. Blocks. */
    static DiskFiles acquire(Path directory, long initialEntries) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        synchronized (OPEN) {
            DiskFiles open = OPEN.get(dir);
            if (open != null) {
                open.references++;
                return open;
            }
            DiskFiles files = new DiskFiles(dir, initialEntries);
            OPEN.put(dir, files);
            return files;
        }
    }

    /** Whether this JVM has the directory open (a closed store lets it go once its running work ends). */
    static boolean isOpen(Path directory) {
        synchronized (OPEN) {
            return OPEN.containsKey(directory.toAbsolutePath().normalize());
        }
    }

    private DiskFiles(Path dir, long initialEntries) throws IOException {
        this.directory = dir;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        PrivateFiles.createDirectory(dir);
        try (FileChannel setup = FileChannel.open(dir.resolve("setup.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = setup.lock()) {
            FileChannel users = FileChannel.open(dir.resolve("users.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
            try {
                FileLock exclusive = users.tryLock();
                boolean alone = exclusive != null;
                if (exclusive != null) {
                    exclusive.release();
                }
                this.usersLock = users.lock(0, Long.MAX_VALUE, true);
                this.usersChannel = users;
                this.stripeChannel = FileChannel.open(dir.resolve("keys.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.READ);
                this.chain = new MapChain(dir, initialEntries, alone);
                ChangeJournal opened = null;
                try {
                    // the journal's end is taken before the index is built: nothing written meanwhile is missed
                    opened = new ChangeJournal(dir);
                    rebuild(alone);
                    PrivateFiles.restrictFiles(dir);
                } catch (IOException | RuntimeException e) {
                    if (opened != null) {
                        opened.close();
                    }
                    chain.close();
                    throw e;
                }
                this.journal = opened;
                this.tailer = new JournalTailer(journal, new ForeignChanges(), dir);
            } catch (IOException | RuntimeException e) {
                users.close();
                throw e;
            }
        }
    }

    /** Fills the index and expiry queue from the files; when alone, deletes parts no record points to. */
    private void rebuild(boolean alone) {
        Set<String> referenced = new HashSet<>();
        Map<String, String> parts = new HashMap<>();
        chain.forEach((k, record) -> {
            String collection = CompoundKey.collectionOf(k);
            if (collection == null) {
                String id = Records.partId(k);
                if (id != null) {
                    parts.put(k, id);
                }
                return;
            }
            Instant expires = null;
            try {
                if (Records.isPointer(record)) {
                    referenced.add(Records.Pointer.decode(record).id());
                }
                expires = expiryOf(record);
            } catch (DeserializationException corrupt) {
                // kept in the index: reading it reports the corruption as a DeserializationException
                LOG.warn("Corrupt entry {} in {}: {}", k, directory, corrupt.getMessage());
            }
            String key = CompoundKey.keyOf(collection, k);
            index.put(collection, key, expires);
            if (expires != null) {
                expiries.add(expires, collection, key, null);
            }
        });
        if (alone) {
            parts.forEach((k, id) -> {
                if (!referenced.contains(id)) {
                    chain.remove(k); // written by a process killed before its pointer landed
                }
            });
        }
    }

    /**
     * Runs the body holding the key's stripe: a JVM lock, then the same byte of {@code keys.lock} locked
     * (fcntl) against other processes, so read-check-write sequences (conditional writes, moving a key to
     * the newest generation) are atomic across every process sharing the directory. The OS drops the file
     * lock of a killed process. Blocks: call on the store's scheduler.
     */
    <T> T locked(String compoundKey, java.util.function.Supplier<T> body) {
        int stripe = (compoundKey.hashCode() & 0x7fffffff) % STRIPES;
        ReentrantLock lock = stripes[stripe];
        lock.lock();
        try (FileLock ignored = lockStripe(stripe)) {
            return body.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    private FileLock lockStripe(int stripe) throws IOException {
        FileChannel channel = stripeChannel;
        try {
            return channel.lock(stripe, 1, false);
        } catch (java.nio.channels.ClosedByInterruptException cancelled) {
            reopenStripes(channel); // an interrupt (a cancelled operation) closes the channel for everyone
            throw cancelled;
        } catch (java.nio.channels.ClosedChannelException closedByOtherThread) {
            reopenStripes(channel);
            return stripeChannel.lock(stripe, 1, false);
        }
    }

    private synchronized void reopenStripes(FileChannel closed) throws IOException {
        if (stripeChannel == closed) {
            stripeChannel = FileChannel.open(directory.resolve("keys.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
        }
    }

    // ---- records with large values split into parts -------------------------------------------

    /** The record for an envelope: the bytes themselves, or a pointer after writing the parts. */
    byte[] toRecord(byte[] envelope, @Nullable Instant expiresAt) {
        if (envelope.length <= Records.PART_SIZE) {
            return envelope;
        }
        String id = Records.newBlobId();
        int parts = (envelope.length + Records.PART_SIZE - 1) / Records.PART_SIZE;
        for (int i = 0; i < parts; i++) {
            int from = i * Records.PART_SIZE;
            byte[] part = java.util.Arrays.copyOfRange(envelope, from, Math.min(envelope.length, from + Records.PART_SIZE));
            chain.put(Records.partKey(id, i), part);
        }
        return new Records.Pointer(expiresAt, id, parts, envelope.length).encode();
    }

    /** The envelope bytes a record stands for. */
    byte[] envelope(byte[] record) {
        if (!Records.isPointer(record)) {
            return record;
        }
        Records.Pointer p = Records.Pointer.decode(record);
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.length());
        for (int i = 0; i < p.parts(); i++) {
            byte[] part = chain.get(Records.partKey(p.id(), i));
            if (part == null) {
                throw new DeserializationException("Part " + i + " of a large value is missing");
            }
            out.writeBytes(part);
        }
        if (out.size() != p.length()) {
            throw new DeserializationException("Large value has " + out.size() + " bytes, expected " + p.length());
        }
        return out.toByteArray();
    }

    /**
     * Deletes the parts of a replaced or removed record. A corrupt pointer names no parts it can be trusted
     * with: they stay, and the next open with no other user deletes them as orphans.
     */
    void discard(@Nullable byte[] record) {
        if (record != null && Records.isPointer(record)) {
            Records.Pointer p;
            try {
                p = Records.Pointer.decode(record);
            } catch (DeserializationException corrupt) {
                LOG.warn("Removed a corrupt large-value pointer in {}; its parts go at the next exclusive open", directory);
                return;
            }
            for (int i = 0; i < p.parts(); i++) {
                chain.remove(Records.partKey(p.id(), i));
            }
        }
    }

    /** The expiry a record (an envelope or a large-value pointer) holds. */
    static @Nullable Instant expiryOf(byte[] record) {
        return Records.isPointer(record) ? Records.Pointer.decode(record).expiresAt()
                : EntryCodec.fromBytes(record).expiresAt();
    }

    // ---- watch --------------------------------------------------------------------------------

    /** Journals a change made by this process and queues it for this process's watchers (under the key's lock). */
    void changed(KeyEvent event, @Nullable Instant expiresAt) {
        journal.append(event, expiresAt);
        for (WatchHub hub : hubs) {
            hub.enqueue(event);
        }
    }

    /** Applies other processes' changes: the index follows the map, watchers get the event. */
    private final class ForeignChanges implements ChangeJournal.Listener {
        @Override
        public void changed(KeyEvent event, @Nullable Instant expiresAt) {
            String ck = CompoundKey.join(event.collection(), event.key());
            ReentrantLock lock = stripes[(ck.hashCode() & 0x7fffffff) % STRIPES];
            lock.lock();
            try {
                // the map, not the journal record, decides: a later local write may already have replaced it
                byte[] record = chain.get(ck);
                if (record == null) {
                    index.remove(event.collection(), event.key());
                } else {
                    Instant expires = readableExpiry(record);
                    index.put(event.collection(), event.key(), expires);
                    if (expires != null) {
                        expiries.add(expires, event.collection(), event.key(), null);
                    }
                }
                for (WatchHub hub : hubs) {
                    hub.enqueue(event);
                }
            } finally {
                lock.unlock();
            }
            for (WatchHub hub : hubs) {
                hub.drain(event.collection());
            }
        }

        @Override
        public void gap() {
            index.byCollection.clear();
            rebuild(false);
            for (WatchHub hub : hubs) {
                hub.resyncAll();
            }
        }

        private @Nullable Instant readableExpiry(byte[] record) {
            try {
                return expiryOf(record);
            } catch (DeserializationException corrupt) {
                return null; // listed; reading it reports the corruption
            }
        }
    }

    void drain(String collection) {
        for (WatchHub hub : hubs) {
            hub.drain(collection);
        }
    }

    /** Drops one reference; the last closes the files and releases the lock. */
    void release() {
        synchronized (OPEN) {
            if (--references > 0) {
                return;
            }
            // still listed until the lock is released, so a reopen in this JVM never overlaps it
            try {
                tailer.close();
                journal.close();
                chain.close();
            } finally {
                try {
                    stripeChannel.close();
                    usersLock.release();
                    usersChannel.close();
                } catch (IOException e) {
                    LOG.warn("Could not release {}: {}", directory.resolve("users.lock"), e.toString());
                }
                OPEN.remove(directory);
            }
        }
    }
}
