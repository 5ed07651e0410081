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
import dev.reactivekv.disk.DiskStore;
import dev.reactivekv.spi.StoredEntry;
import net.openhft.chronicle.map.ChronicleMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Single-key get and put on the disk store (unencrypted) beside a raw persisted Chronicle Map
 * ({@code String → byte[]}, the envelope bytes the store would write) in the same run. The raw calls
 * are synchronous, as the library offers them; the store's figure includes its hop to the bounded
 * scheduler it runs Chronicle on, the envelope codec and validation — all of which a user pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "-Dchronicle.analytics.disable=true"})
public class DiskBenchmark {

    static final String COLLECTION = "bench";

    @Param({"16", "1024", "65536"})
    public int size;

    private Path dir;
    private KeyValueStore store;
    private ChronicleMap<String, byte[]> raw;
    private Map<String, Object> value;
    private String key;
    private String compound;
    private byte[] envelope;

    @Setup
    public void setup() throws IOException {
        System.setProperty("chronicle.analytics.disable", "true");
        dir = Files.createTempDirectory("rkv-bench-disk");
        value = BenchValues.value(size);
        key = BenchValues.key(42);
        compound = COLLECTION + "::" + key;
        envelope = EntryCodec.encode(new StoredEntry(value, Instant.now(), null, null), COLLECTION, key)
                .getBytes(StandardCharsets.UTF_8);
        // plain, like the raw map: encryption at rest is measured by WrapperEachBenchmark (wrapper=encryption)
        store = DiskStore.builder().directory(dir.resolve("store")).encrypted(false).build();
        store.put(COLLECTION, key, value).block();
        raw = ChronicleMap.of(String.class, byte[].class)
                .name("raw-baseline")
                .entries(10_000)
                .averageKeySize(48)
                .averageValueSize(envelope.length)
                .createPersistedTo(dir.resolve("raw.cm").toFile());
        raw.put(compound, envelope);
        BenchValues.check(value.equals(storeGet()), "disk store get returns the value");
        BenchValues.check(rawGet().length == envelope.length, "raw get returns the envelope");
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        raw.close();
        Scans.deleteTree(dir);
    }

    @Benchmark
    public Map<String, Object> storeGet() {
        return store.get(COLLECTION, key).block();
    }

    @Benchmark
    public byte[] rawGet() {
        return raw.get(compound);
    }

    @Benchmark
    public Object storePut() {
        return store.put(COLLECTION, key, value).block();
    }

    @Benchmark
    public byte[] rawPut() {
        return raw.put(compound, envelope);
    }
}
