package dev.reactivekv.redis;

import java.io.File;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.error.StoreSetupException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How trust is configured for {@code rediss://}, and how it fails: against the TLS-only test server. */
class RedisTlsTest {

    private static final String WRONG_CA = new File(RedisServers.tlsCa()).toPath().resolveSibling("wrong-ca.crt").toString();

    @Test
    void theTestCaGivenAsUriOptionOrBuilderOptionIsTrusted() {
        try (KeyValueStore byUri = KeyValueStores.open(RedisTlsConformanceTest.tlsUri(RedisServers.tlsCa()));
             KeyValueStore byBuilder = RedisStore.builder("rediss://127.0.0.1:" + RedisServers.tlsPort() + "/0")
                     .caCert(new File(RedisServers.tlsCa())).build()) {
            byUri.put("tls", "k", Map.of("v", 1), null).block();
            assertThat(byBuilder.get("tls", "k").block()).isEqualTo(Map.of("v", 1));
            byBuilder.delete("tls", "k").block();
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsAStoreSetupErrorNamingTheHandshake() {
        assertThat(new File(WRONG_CA)).as("made by scripts/lib/servers.sh").isFile();
        assertThatThrownBy(() -> KeyValueStores.open(RedisTlsConformanceTest.tlsUri(WRONG_CA)))
                .isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("TLS handshake")
                .hasMessageContaining("wrong-ca.crt");
    }

    @Test
    void withoutCaCertTheJdkTrustStoreDoesNotKnowTheTestCa() {
        assertThatThrownBy(() -> KeyValueStores.open("rediss://127.0.0.1:" + RedisServers.tlsPort() + "/0?timeout=5s"))
                .isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("TLS handshake")
                .hasMessageContaining("JDK's trust store");
    }

    @Test
    void caCertIsRefusedWithoutTlsOrWhenUnreadable() {
        assertThatThrownBy(() -> KeyValueStores.open("redis://127.0.0.1:" + RedisServers.tlsPort() + "/0?caCert=/x.pem"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("caCert needs TLS");
        assertThatThrownBy(() -> KeyValueStores.open("rediss://127.0.0.1:" + RedisServers.tlsPort() + "/0?caCert=/nonexistent.pem"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> KeyValueStores.open("rediss://127.0.0.1:" + RedisServers.tlsPort() + "/0?caCert="
                + new File("pom.xml").getAbsolutePath()))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("caCert");
    }
}
