package dev.reactivekv.redis;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.TrustManagerFactory;

import dev.reactivekv.error.StoreSetupException;
import io.lettuce.core.SslOptions;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings for the clients the store creates, prepared once on the builder's thread. Lettuce builds
 * a fresh {@code SSLContext} on its event loop at every (re)connect; left to itself it would read the CA
 * file, the JDK's trust store and {@code /dev/urandom} there. So the trust managers are loaded here, and
 * the context gets a DRBG {@link SecureRandom} seeded here, which never reads a file again.
 */
final class TlsOptions {

    private TlsOptions() {
    }

    /**
     * Trusting the PEM certificates in {@code caCert}, or the JDK's trust store when null.
     *
     * @throws StoreSetupException when the file cannot be read or holds no certificate
     */
    static SslOptions trusting(@Nullable File caCert) {
        TrustManagerFactory trust;
        SecureRandom random;
        try {
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(caCert == null ? null : keyStoreOf(caCert));
            random = SecureRandom.getInstance("DRBG");
            random.nextBytes(new byte[16]); // seeds it now
        } catch (GeneralSecurityException e) {
            throw new StoreSetupException("Cannot set up TLS" + (caCert == null ? "" : " with caCert " + caCert) + ": " + e, e);
        }
        return SslOptions.builder().jdkSslProvider().trustManager(trust).sslContext(b -> b.secureRandom(random)).build();
    }

    private static KeyStore keyStoreOf(File pem) throws GeneralSecurityException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pem.toPath());
        } catch (IOException | RuntimeException e) {
            throw new StoreSetupException("caCert " + pem + " is not a readable file: " + e, e);
        }
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
        if (certs.isEmpty()) {
            throw new StoreSetupException("caCert " + pem + " holds no PEM certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate c : certs) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }
}
