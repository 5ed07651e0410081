package dev.reactivekv.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.tck.Polling;
import dev.reactivekv.error.DecryptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Encryption at rest: on by default, key files, wrong keys, the URI options. */
class EncryptionTest {

    private static final String SECRET = "plain-secret-value-4711";

    @TempDir
    Path root;

    @Test
    void storedBytesHoldNoPlaintextAndTheKeyFileIsOwnerOnly() throws Exception {
        Path dir = root.resolve("store");
        try (KeyValueStore store = small(dir).build()) {
            store.put("c", "k", Map.of("secret", SECRET), null).block();
            assertThat(store.get("c", "k").block()).isEqualTo(Map.of("secret", SECRET));
        }
        awaitReleased(dir);
        DiskStore.Opened raw = small(dir).encrypted(false).open();
        try (KeyValueStore plain = raw.store()) {
            byte[] record = raw.backend().files().chain.get(dev.reactivekv.spi.CompoundKey.join("c", "k"));
            String text = new String(record, StandardCharsets.UTF_8);
            assertThat(text).doesNotContain(SECRET).contains("__encrypted_data__");
            // the envelope is py-key-value's: its value is the encryption wrapper's dict
            assertThat(EntryCodec.decode(text).value()).containsKeys("__encrypted_data__", "__encryption_version__");
            assertThat(plain.get("c", "k").block()).containsKey("__encrypted_data__");
            assertThat(plain.collections().collectList().block()).containsExactly("c"); // no key-check record
        }
        awaitReleased(dir);
        for (Path file : Files.newDirectoryStream(dir, "*.cm")) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        }
        Path keyFile = root.resolve("store.key");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(keyFile)).hasSize(44);
    }

    @Test
    void reopeningWithTheKeyFileReadsAndAnotherKeyFails() {
        Path dir = root.resolve("store");
        try (KeyValueStore store = small(dir).build()) {
            store.put("c", "k", Map.of("n", 1), Duration.ofHours(1)).block();
        }
        awaitReleased(dir);
        try (KeyValueStore store = small(dir).build()) {
            assertThat(store.get("c", "k").block()).isEqualTo(Map.of("n", 1));
        }
        awaitReleased(dir);
        String other = KeyFile.generateKey();
        assertThatThrownBy(() -> small(dir).encryptionKey(other).build())
                .isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("wrong encryption key for " + dir);
        // a refused open releases the files, once its scheduler's running work has finished
        awaitReleased(dir);
        // a lost key file is reported as such, not silently replaced by a new key
        assertThatThrownBy(() -> small(dir).encryptionKeyFile(root.resolve("missing.key")).build())
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("wrong encryption key")
                .hasMessageContaining("missing.key");
        assertThat(root.resolve("missing.key")).doesNotExist();
    }

    @Test
    void rotationKeepsOldEntriesReadableAndEntriesUnderAnotherKeyFailTyped() throws Exception {
        Path dir = root.resolve("store");
        Path keyFile = root.resolve("store.key");
        try (KeyValueStore store = small(dir).build()) {
            store.put("c", "old", Map.of("n", 1), null).block();
        }
        awaitReleased(dir);
        String oldKey = Files.readString(keyFile).trim();
        String newKey = KeyFile.generateKey();
        try (KeyValueStore store = small(dir).encryptionKeys(List.of(newKey, oldKey)).build()) {
            assertThat(store.get("c", "old").block()).isEqualTo(Map.of("n", 1));
            store.put("c", "new", Map.of("n", 2), null).block();
        }
        awaitReleased(dir);
        // the key check follows the first key: the new key alone opens, old entries fail typed
        try (KeyValueStore store = small(dir).encryptionKey(newKey).build()) {
            assertThat(store.get("c", "new").block()).isEqualTo(Map.of("n", 2));
            StepVerifier.create(store.get("c", "old")).expectError(DecryptionException.class).verify();
        }
    }

    @Test
    void unencryptedStoresWritePlainEnvelopes() {
        Path dir = root.resolve("plain");
        DiskStore.Opened opened = small(dir).encrypted(false).open();
        try (KeyValueStore store = opened.store()) {
            assertThat(store).isSameAs(opened.backend());
            store.put("c", "k", Map.of("secret", SECRET), null).block();
            String text = new String(opened.backend().files().chain.get(dev.reactivekv.spi.CompoundKey.join("c", "k")), StandardCharsets.UTF_8);
            assertThat(EntryCodec.decode(text).value()).isEqualTo(Map.of("secret", SECRET));
        }
        assertThat(root.resolve("plain.key")).doesNotExist();
    }

    @Test
    void theUriIsEncryptedByDefaultAndTakesOptions() {
        Path dir = root.resolve("uri");
        try (KeyValueStore store = KeyValueStores.open("disk:" + dir.toUri().getPath())) {
            store.put("c", "k", Map.of("v", "x"), null).block();
            assertThat(store.get("c", "k").block()).isEqualTo(Map.of("v", "x"));
        }
        assertThat(root.resolve("uri.key")).exists();
        awaitReleased(dir);
        Path keyFile = root.resolve("keys/custom.key");
        Path other = root.resolve("other");
        try (KeyValueStore store = KeyValueStores.open("disk:" + other.toUri().getPath() + "?keyFile=" + keyFile)) {
            store.put("c", "k", Map.of("v", "y"), null).block();
        }
        assertThat(keyFile).exists();
        awaitReleased(other);
        try (KeyValueStore store = KeyValueStores.open("disk:" + other.toUri().getPath() + "?encrypted=false")) {
            assertThat(store.get("c", "k").block()).containsKey("__encrypted_data__");
        }
        assertThatThrownBy(() -> KeyValueStores.open("disk:" + other.toUri().getPath() + "?colour=red"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("colour");
    }

    @Test
    void theUriCarriesEveryOptionAndRedactsKeys() {
        Path dir = root.resolve("uri options");
        String key = KeyFile.generateKey();
        String path = dir.toUri().getRawPath(); // "uri%20options": decoded back by the parser
        String uri = "disk:" + path + "?encryptionKey=" + key + "&watchBuffer=8&threads=2&sweepInterval=50ms&initialEntries=1000";
        try (KeyValueStore store = KeyValueStores.open(uri)) {
            store.put("c", "k", Map.of("v", "z"), null).block();
        }
        assertThat(dir).isDirectory();
        assertThat(root.resolve("uri options.key")).doesNotExist(); // the given key, no key file
        awaitReleased(dir);
        assertThatThrownBy(() -> KeyValueStores.open("disk:" + path + "?encryptionKey=" + KeyFile.generateKey()))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("wrong encryption key");
        awaitReleased(dir);
        assertThatThrownBy(() -> KeyValueStores.open("disk:" + path + "?encryptionKey=" + key + "&colour=red"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("colour").hasMessageNotContaining(key);
        assertThatThrownBy(() -> KeyValueStores.open("disk:" + path + "?keySource=s3cret"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("keySalt").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> KeyValueStores.open("disk:relative/dir")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> KeyValueStores.open("disk:" + path + "?applicationName=x"))
                .isInstanceOf(StoreSetupException.class);
    }

    @Test
    void theKeyComesFromTheEnvironmentBeforeTheKeyFile() {
        Path dir = root.resolve("env");
        DiskStore.Builder b = small(dir);
        b.env = Map.of(DiskStore.KEY_ENV, KeyFile.generateKey());
        try (KeyValueStore store = b.build()) {
            store.put("c", "k", Map.of(), null).block();
        }
        assertThat(root.resolve("env.key")).doesNotExist();
        awaitReleased(dir);
        assertThatThrownBy(() -> small(dir).build()).isInstanceOf(StoreSetupException.class);
    }

    private static DiskStore.Builder small(Path dir) {
        return DiskStore.builder().directory(dir).initialEntries(1000).threads(2);
    }

    private static void awaitReleased(Path dir) {
        Polling.until("files released", Duration.ofSeconds(15), () -> !DiskFiles.isOpen(dir));
    }
}
