package dev.reactivekv.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.StoredEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-key work the Redis store adds to a raw {@code GET}/{@code SET}, without the network: the envelope
 * bytes decoded into an entry (what runs on Lettuce's I/O thread for each key read) and an entry encoded into
 * envelope bytes, beside what raw Lettuce's {@code StringCodec} does with the same bytes (UTF-8 to String and
 * back). {@code decodeVersion} also asks the decoded entry for its version, the digest a plain read never pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
public class RedisCodecBenchmark {

    @Param({"240", "65536"})
    public int size;

    private StoredEntry entry;
    private byte[] stored;
    private String storedText;

    @Setup
    public void setup() {
        Map<String, Object> value = BenchValues.value(size);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        entry = new StoredEntry(value, now, now.plusSeconds(3600), null);
        stored = EntryCodec.toBytes(entry, "bench", "key-0000042");
        storedText = new String(stored, StandardCharsets.UTF_8);
        BenchValues.check(value.equals(decode().value()), "the envelope decodes to the value");
    }

    @Benchmark
    public StoredEntry decode() {
        return EntryCodec.fromBytes(stored);
    }

    @Benchmark
    public String decodeVersion() {
        return EntryCodec.fromBytes(stored).version();
    }

    @Benchmark
    public byte[] encode() {
        return EntryCodec.toBytes(entry, "bench", "key-0000042");
    }

    /** Raw Lettuce's read side with {@code StringCodec}: the reply's UTF-8 bytes to a String. */
    @Benchmark
    public String rawDecode() {
        return new String(stored, StandardCharsets.UTF_8);
    }

    /** Raw Lettuce's write side with {@code StringCodec}: the String to UTF-8 bytes. */
    @Benchmark
    public byte[] rawEncode() {
        return storedText.getBytes(StandardCharsets.UTF_8);
    }
}
