package dev.reactivekv.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.internal.codec.JsonReader;
import dev.reactivekv.adapter.TypedAdapter;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.wrapper.Wrappers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The two wrappers whose work is a codec, beside that codec alone on the same payload, in the same run:
 * {@code encryptionGet} (get over memory through the encryption wrapper) against {@code rawFernetJson}: the very
 * token the wrapper stored, checked and decrypted with {@code javax.crypto} (url-safe base64, HMAC-SHA256,
 * AES-128-CBC, with the {@code Mac} and {@code Cipher} built once, as a hand-written decoder would keep them),
 * then its plaintext parsed into the same map by the same Jackson-based reader the wrapper uses
 * ({@code JsonReader.parseObject}): equal work, equal output. What is left to the wrapper is py-key-value's envelope
 * (its second, standard base64 layer and its version field) and the read's step over the store.
 * {@code rawFernet} is the decryption alone (it stops at the plaintext bytes), for reference.
 * {@code compressionGet} (values above the 1024-character threshold) is against {@code rawGunzip} (the same gzip
 * bytes through {@code GZIPInputStream}), which stops at the plaintext bytes (the wrapper also parses the JSON).
 * {@code bareGet} is the memory store alone.
 *
 * <p>The typed adapter's work is a Jackson conversion, which alone costs more than a wrapper's budget, so it is
 * judged like the codecs: {@code typedGet} ({@link TypedAdapter#get} to a record, over memory) against
 * {@code typedByHand} (the same get, then {@code ObjectMapper.convertValue} of the value to the same record, with
 * the mapper and {@code JavaType} built once), same payload, same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WrapperPayloadBenchmark {

    /** Payload size in bytes: 16 is the wrapper group's payload; 4096 is above compression's threshold. */
    @Param({"16", "4096"})
    public int size;

    private KeyValueStore bare;
    private KeyValueStore encrypted;
    private KeyValueStore encryptedBase;
    private KeyValueStore compressed;
    private byte[] fernetToken;
    private byte[] gzipped;
    private Mac mac;
    private Cipher cipher;
    private SecretKeySpec aesKey;
    private TypedAdapter<WrapperEachBenchmark.Data> typed;
    private ObjectMapper mapper;
    private JavaType dataType;

    @Setup
    public void setup() throws Exception {
        Map<String, Object> value = BenchValues.value(size);
        byte[] plaintext = dev.reactivekv.internal.codec.PyJson.dumpsCompact(value).getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        bare = MemoryStore.create();
        encryptedBase = MemoryStore.create();
        encrypted = Wrappers.encryption().key(Base64.getUrlEncoder().encodeToString(key)).build().wrap(encryptedBase);
        compressed = Wrappers.compression().wrap(MemoryStore.create());
        for (KeyValueStore s : new KeyValueStore[] {bare, encrypted, compressed}) {
            s.put(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY, value).block();
        }
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, 0, 16, "HmacSHA256"));
        cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aesKey = new SecretKeySpec(key, 16, 16, "AES");
        // the token the wrapper stored, out of py-key-value's envelope (std-base64 of the url-safe base64 token)
        Map<String, Object> envelope = encryptedBase.get(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY).block();
        fernetToken = Base64.getDecoder().decode((String) envelope.get("__encrypted_data__"));
        gzipped = gzip(plaintext);
        BenchValues.check(value.equals(bareGet()) && value.equals(encryptionGet()), "encryption round trip");
        BenchValues.check(value.equals(compressionGet()), "compression round trip");
        BenchValues.check(Arrays.equals(plaintext, rawFernet()), "raw Fernet round trip");
        BenchValues.check(value.equals(rawFernetJson()), "raw Fernet + JSON parse round trip");
        BenchValues.check(Arrays.equals(plaintext, rawGunzip()), "raw gunzip round trip");
        typed = TypedAdapter.builder(bare, WrapperEachBenchmark.Data.class).collection(MemoryBenchmark.COLLECTION).build();
        mapper = new ObjectMapper();
        dataType = mapper.getTypeFactory().constructType(WrapperEachBenchmark.Data.class);
        WrapperEachBenchmark.Data expected = new WrapperEachBenchmark.Data((String) value.get("data"));
        BenchValues.check(expected.equals(typedGet()), "typed adapter get");
        BenchValues.check(expected.equals(typedByHand()), "get + convertValue by hand");
    }

    @TearDown
    public void tearDown() {
        bare.close();
        encrypted.close(); // closes encryptedBase too
        compressed.close();
    }

    @Benchmark
    public Object bareGet() {
        return bare.get(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY).block();
    }

    @Benchmark
    public Object encryptionGet() {
        return encrypted.get(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY).block();
    }

    @Benchmark
    public Object compressionGet() {
        return compressed.get(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY).block();
    }

    @Benchmark
    public Object typedGet() {
        return typed.get(MemoryBenchmark.KEY).block();
    }

    /** What the typed adapter does, by hand: the same get, then Jackson's conversion to the record. */
    @Benchmark
    public Object typedByHand() {
        return mapper.convertValue(bare.get(MemoryBenchmark.COLLECTION, MemoryBenchmark.KEY).block(), dataType);
    }

    /** Fernet decryption of the token the wrapper stored: url-safe base64, HMAC check, AES-CBC. */
    @Benchmark
    public byte[] rawFernet() throws GeneralSecurityException {
        byte[] raw = Base64.getUrlDecoder().decode(fernetToken);
        int signed = raw.length - 32;
        mac.update(raw, 0, signed);
        if (!MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(raw, signed, raw.length))) {
            throw new IllegalStateException("bad signature");
        }
        cipher.init(Cipher.DECRYPT_MODE, aesKey, new IvParameterSpec(raw, 9, 16));
        return cipher.doFinal(raw, 25, signed - 25);
    }

    /** What the wrapper's read has to do with the token, by hand: {@link #rawFernet}, then the same JSON parse to a map. */
    @Benchmark
    public Map<String, Object> rawFernetJson() throws GeneralSecurityException {
        return JsonReader.parseObject(rawFernet());
    }

    @Benchmark
    public byte[] rawGunzip() throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
