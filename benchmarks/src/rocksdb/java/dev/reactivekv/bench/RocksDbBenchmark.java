package dev.reactivekv.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.rocksdb.RocksDbStore;
import dev.reactivekv.spi.StoredEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Single-key get and put on the RocksDB store beside raw RocksDB ({@code get}/{@code put} of the same
 * key and envelope bytes in a database of its own, default options, no fsync: the store's default)
 * in the same run. The raw calls are synchronous, as rocksdbjni offers them; the store's figure
 * includes the hop to its bounded scheduler, the envelope codec and validation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RocksDbBenchmark {

    static final String COLLECTION = "bench";

    @Param({"16", "1024", "65536"})
    public int size;

    private Path dir;
    private KeyValueStore store;
    private Options options;
    private RocksDB raw;
    private Map<String, Object> value;
    private String key;
    private byte[] compound;
    private byte[] envelope;

    @Setup
    public void setup() throws IOException, RocksDBException {
        RocksDB.loadLibrary();
        dir = Files.createTempDirectory("rkv-bench-rocksdb");
        value = BenchValues.value(size);
        key = BenchValues.key(42);
        compound = (COLLECTION + "::" + key).getBytes(StandardCharsets.UTF_8);
        envelope = EntryCodec.encode(new StoredEntry(value, Instant.now(), null, null), COLLECTION, key)
                .getBytes(StandardCharsets.UTF_8);
        store = RocksDbStore.builder().path(dir.resolve("store")).build();
        store.put(COLLECTION, key, value).block();
        options = new Options().setCreateIfMissing(true);
        raw = RocksDB.open(options, dir.resolve("raw").toString());
        raw.put(compound, envelope);
        BenchValues.check(value.equals(storeGet()), "rocksdb store get returns the value");
        BenchValues.check(rawGet().length == envelope.length, "raw get returns the envelope");
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        raw.close();
        options.close();
        Scans.deleteTree(dir);
    }

    @Benchmark
    public Map<String, Object> storeGet() {
        return store.get(COLLECTION, key).block();
    }

    @Benchmark
    public byte[] rawGet() throws RocksDBException {
        return raw.get(compound);
    }

    @Benchmark
    public Object storePut() {
        return store.put(COLLECTION, key, value).block();
    }

    @Benchmark
    public byte[] rawPut() throws RocksDBException {
        raw.put(compound, envelope);
        return envelope;
    }
}
