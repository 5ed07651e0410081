package dev.reactivekv.tck.wrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.internal.codec.PyJson;
import dev.reactivekv.memory.MemoryStore;
import dev.reactivekv.wrapper.Wrappers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interoperability with Python: Fernet against the {@code cryptography} package (Debian's
 * python3-cryptography) and gzip compression against the standard library, both ways, through
 * py-key-value's envelopes. A missing interpreter or package fails the test (RKV_PYTHON, default
 * /usr/bin/python3). The child process runs on the JUnit thread, which may block.
 */
class PythonInteropTest {

    static final String KEY = "znx7rVYt4roVgu3ymt5sIYFmfMNGEPbm8AShXQv6CY4=";
    static final Map<String, Object> VALUE = Map.of("b", 1, "a", "\u00e9t\u00e9 \uD83C\uDF0D", "list", List.of(1.5, true));

    private static final String SCRIPT = String.join("\n",
            "import sys, json, base64, gzip",
            "from cryptography.fernet import Fernet, MultiFernet",
            "mode, key = sys.argv[1], sys.argv[2]",
            "f = MultiFernet([Fernet(k.encode()) for k in key.split(',')])",
            "data = sys.stdin.read()",
            "if mode == 'decrypt':",
            "    env = json.loads(data)",
            "    print(f.decrypt(base64.b64decode(env['__encrypted_data__'], validate=True)).decode('utf-8'))",
            "elif mode == 'encrypt':",
            "    plain = json.dumps(json.loads(data), separators=(',', ':')).encode('utf-8')",
            "    print(json.dumps({'__encrypted_data__': base64.b64encode(f.encrypt(plain)).decode(), '__encryption_version__': 1}))",
            "elif mode == 'decompress':",
            "    env = json.loads(data)",
            "    print(gzip.decompress(base64.b64decode(env['__compressed_data__'])).decode('utf-8'))",
            "elif mode == 'compress':",
            "    plain = json.dumps(json.loads(data), separators=(',', ':')).encode('utf-8')",
            "    print(json.dumps({'__compressed_data__': base64.b64encode(gzip.compress(plain, compresslevel=1)).decode(),",
            "                      '__compression_version__': 1, '__compression_algorithm__': 'gzip'}))");

    private static String python(String mode, String key, String stdin) throws IOException, InterruptedException {
        String python = System.getenv().getOrDefault("RKV_PYTHON", "/usr/bin/python3");
        Process p = new ProcessBuilder(python, "-c", SCRIPT, mode, key).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(p.exitValue()).as("python (" + python + ", needs python3-cryptography) failed: " + out).isZero();
        return out;
    }

    @Test
    void pythonDecryptsOurFernetEnvelope() throws Exception {
        KeyValueStore raw = MemoryStore.create();
        KeyValue.of(raw).with(Wrappers.encryption().key(KEY)).build().put("c", "k", VALUE, null).block();
        String stored = PyJson.dumpsSorted(raw.get("c", "k").block());
        String plaintext = python("decrypt", KEY, stored);
        assertThat(plaintext).isEqualTo(PyJson.dumpsCompact(VALUE));
        assertThat(EntryCodec.decodeValue(plaintext)).isEqualTo(VALUE);
    }

    @Test
    void weDecryptPythonsFernetEnvelope() throws Exception {
        String envelope = python("encrypt", KEY, PyJson.dumpsCompact(VALUE));
        KeyValueStore raw = MemoryStore.create();
        raw.put("c", "k", EntryCodec.decodeValue(envelope), null).block();
        KeyValueStore store = KeyValue.of(raw).with(Wrappers.encryption().key(KEY)).build();
        assertThat(store.get("c", "k").block()).isEqualTo(VALUE);
    }

    @Test
    void rotatedKeysInteroperate() throws Exception {
        String other = "1TLRpjxQm4Op699i9hAXFVfyz6PqPXbuvwKaWB48tS8=";
        String envelope = python("encrypt", other + "," + KEY, PyJson.dumpsCompact(VALUE));
        KeyValueStore raw = MemoryStore.create();
        raw.put("c", "k", EntryCodec.decodeValue(envelope), null).block();
        KeyValueStore store = KeyValue.of(raw).with(Wrappers.encryption().key(KEY).key(other)).build();
        assertThat(store.get("c", "k").block()).isEqualTo(VALUE);
        store.put("c", "mine", VALUE, null).block();
        assertThat(python("decrypt", KEY, PyJson.dumpsSorted(raw.get("c", "mine").block())))
                .isEqualTo(PyJson.dumpsCompact(VALUE));
    }

    @Test
    void compressionInteroperatesBothWays() throws Exception {
        Map<String, Object> big = Map.of("text", "x".repeat(5000), "n", 1);
        KeyValueStore raw = MemoryStore.create();
        KeyValueStore store = KeyValue.of(raw).with(Wrappers.compression()).build();
        store.put("c", "k", big, null).block();
        Map<String, Object> stored = raw.get("c", "k").block();
        assertThat(stored).containsEntry("__compression_algorithm__", "gzip").containsEntry("__compression_version__", 1);
        assertThat(EntryCodec.decodeValue(python("decompress", KEY, PyJson.dumpsSorted(stored)))).isEqualTo(big);

        raw.put("c", "py", EntryCodec.decodeValue(python("compress", KEY, PyJson.dumpsCompact(big))), null).block();
        assertThat(store.get("c", "py").block()).isEqualTo(big);
    }
}
