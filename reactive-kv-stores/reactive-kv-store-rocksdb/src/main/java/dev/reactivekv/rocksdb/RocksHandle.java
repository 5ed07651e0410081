package dev.reactivekv.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.reactivekv.error.StoreSetupException;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import reactor.core.scheduler.Schedulers;

/**
 * The open database and every native object that goes with it, reference counted so that
 * {@link #close} never frees native memory under a running call (a use-after-free in RocksDB
 * crashes the JVM): each call {@linkplain #acquire acquires} the handle and releases it when done;
 * the last release closes column families, the database and the options, in that order.
 */
final class RocksHandle {

    /** Entries live in the default column family, as py-key-value (rocksdict) writes them. */
    static final String EXPIRY_FAMILY = "rkv-expiry";

    static {
        RocksDB.loadLibrary();
    }

    final RocksDB db;
    final ColumnFamilyHandle data;
    final ColumnFamilyHandle expiry;
    final WriteOptions writeOptions;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles;
    private final AtomicInteger users = new AtomicInteger(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final Runnable afterClose;
    /** Iterators opened over the entries (scans, collection listing, destroyCollection); the expiry sweep's are not counted. */
    private final LongAdder entryIterators = new LongAdder();

    private RocksHandle(RocksDB db, List<ColumnFamilyHandle> handles, DBOptions dbOptions, ColumnFamilyOptions cfOptions,
                        WriteOptions writeOptions, Runnable afterClose) {
        this.db = db;
        this.handles = handles;
        this.data = handles.get(0);
        this.expiry = handles.get(1);
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.writeOptions = writeOptions;
        this.afterClose = afterClose;
    }

    /** Opens (and with {@code create} creates) the database; blocking, for the builder's thread. */
    static RocksHandle open(Path dir, boolean create, boolean sync, Runnable afterClose) {
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(create).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        WriteOptions writeOptions = new WriteOptions().setSync(sync);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            if (create) {
                Files.createDirectories(dir);
            }
            List<ColumnFamilyDescriptor> families = new ArrayList<>();
            families.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
            families.add(new ColumnFamilyDescriptor(EXPIRY_FAMILY.getBytes(StandardCharsets.UTF_8), cfOptions));
            // RocksDB refuses to open a database without naming all of its column families
            for (byte[] name : existingFamilies(dir)) {
                String n = new String(name, StandardCharsets.UTF_8);
                if (!n.equals("default") && !n.equals(EXPIRY_FAMILY)) {
                    families.add(new ColumnFamilyDescriptor(name, cfOptions));
                }
            }
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), families, handles);
            return new RocksHandle(db, handles, dbOptions, cfOptions, writeOptions, afterClose);
        } catch (RocksDBException | java.io.IOException | RuntimeException e) {
            handles.forEach(ColumnFamilyHandle::close);
            writeOptions.close();
            cfOptions.close();
            dbOptions.close();
            String message = String.valueOf(e.getMessage());
            String hint = message.contains("rocksdict")
                    ? " (this database was written by Python rocksdict in its default mode, as py-key-value's RocksDBStore"
                    + " does: its 'rocksdict' comparator and type-tagged keys are not supported; see docs/rocksdb.md)"
                    : message.contains("lock")
                    ? " (RocksDB allows one open handle per database: is it open in another process or store instance?)" : "";
            throw new StoreSetupException("Cannot open RocksDB at " + dir + ": " + e.getMessage() + hint, e);
        }
    }

    private static List<byte[]> existingFamilies(Path dir) throws RocksDBException {
        if (!Files.exists(dir.resolve("CURRENT"))) {
            return List.of();
        }
        try (Options options = new Options()) {
            return RocksDB.listColumnFamilies(options, dir.toString());
        }
    }

    /**
     * An iterator over the entries: every scan page, collection page and destroyCollection opens one here,
     * so the count is what the database was asked for, whatever the store's own bookkeeping says.
     */
    RocksIterator newEntryIterator(ReadOptions options) {
        entryIterators.increment();
        return db.newIterator(data, options);
    }

    /** How many {@link #newEntryIterator} calls there were (monotonic); the conformance test's evidence of scan demand. */
    long entryIteratorsCreated() {
        return entryIterators.sum();
    }

    /** Takes a reference for one call; false once the store is closing. */
    boolean acquire() {
        for (;;) {
            int n = users.get();
            if (n == 0) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (users.decrementAndGet() == 0) {
            try {
                handles.forEach(ColumnFamilyHandle::close);
                db.close();
                writeOptions.close();
                cfOptions.close();
                dbOptions.close();
            } finally {
                released.countDown();
                afterClose.run();
            }
        }
    }

    /**
     * Drops the owner's reference. On a thread that may block, waits (bounded) until running calls
     * have finished and the files are closed, so that the same directory can be reopened at once.
     */
    void close(Duration wait) {
        release();
        if (!Schedulers.isInNonBlockingThread()) {
            try {
                released.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
