package dev.reactivekv.spring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.spi.StoreUri;
import dev.reactivekv.spi.Validation;
import dev.reactivekv.wrapper.EncryptionBuilder;
import dev.reactivekv.wrapper.Wrapper;
import dev.reactivekv.wrapper.Wrappers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Opens the store of {@code reactivekv.uri} and wraps it as the properties say, innermost first:
 * encryption, compression, collection prefix, TTL clamp, timeout, retry, meters. Every property is
 * checked before the store is opened, so a bad value fails the start without a connection left open;
 * a failure names the property ({@link InvalidConfigurationPropertyValueException}, which Spring Boot's
 * failure analyzer prints with where the value came from). Blocking (files, connections, key
 * derivation): called once while the context starts.
 */
final class StoreChain {

    private static final Logger LOG = LoggerFactory.getLogger(StoreChain.class);
    private static final String HIDDEN = "(hidden)";

    private record Layer(String name, Wrapper wrapper) {
    }

    private StoreChain() {
    }

    static KeyValueStore open(ReactiveKvProperties properties, @Nullable Wrapper meters) {
        List<Layer> layers = layers(properties);
        if (meters != null) {
            layers.add(new Layer("metrics", meters));
        }
        String uri = properties.getUri();
        KeyValueStore base = openBase(uri);
        KeyValue chain = KeyValue.of(base);
        for (Layer layer : layers) {
            chain = chain.with(layer.wrapper());
        }
        try {
            KeyValueStore store = chain.build();
            LOG.info("reactive-kv store {} opened, wrapped innermost first in {}", StoreUri.redact(uri),
                    layers.stream().map(Layer::name).toList());
            return store;
        } catch (RuntimeException e) {
            base.close();
            throw e;
        }
    }

    private static KeyValueStore openBase(String uri) {
        if (uri.isBlank()) {
            throw invalid("reactivekv.uri", uri, "a store URI is required, e.g. memory:, disk:/path or redis://host:6379/0", null);
        }
        try {
            return KeyValueStores.open(uri);
        } catch (KeyValueException e) {
            throw invalid("reactivekv.uri", StoreUri.redact(uri), e.getMessage(), e);
        }
    }

    /** The configured wrappers, each checked; nothing is opened yet. */
    private static List<Layer> layers(ReactiveKvProperties p) {
        List<Layer> layers = new ArrayList<>();
        Wrapper encryption = encryption(p.getEncryption());
        if (encryption != null) {
            layers.add(new Layer("encryption", encryption));
        }
        ReactiveKvProperties.Compression compression = p.getCompression();
        if (compression.isEnabled()) {
            if (compression.getMinSize() < 0) {
                throw invalid("reactivekv.compression.min-size", compression.getMinSize(), "must not be negative", null);
            }
            layers.add(new Layer("compression", Wrappers.compression(compression.getMinSize())));
        }
        String prefix = p.getCollectionPrefix();
        if (prefix != null) {
            if (prefix.isBlank()) {
                throw invalid("reactivekv.collection-prefix", prefix, "must not be blank (leave it unset for no prefix)", null);
            }
            try {
                Validation.collection(prefix + "__c");
            } catch (KeyValueException e) {
                throw invalid("reactivekv.collection-prefix", prefix, e.getMessage(), e);
            }
            layers.add(new Layer("collection-prefix", Wrappers.prefixCollections(prefix)));
        }
        Wrapper ttl = ttlClamp(p.getTtl());
        if (ttl != null) {
            layers.add(new Layer("ttl", ttl));
        }
        if (p.getTimeout() != null) {
            layers.add(new Layer("timeout", Wrappers.timeout(positive("reactivekv.timeout", p.getTimeout()))));
        }
        if (p.getRetry().isEnabled()) {
            layers.add(new Layer("retry", retry(p.getRetry())));
        }
        return layers;
    }

    private static @Nullable Wrapper encryption(ReactiveKvProperties.Encryption e) {
        String key = e.getKey();
        Path file = e.getKeyFile();
        if (key == null && file == null) {
            return null;
        }
        if (key != null && file != null) {
            throw invalid("reactivekv.encryption.key", HIDDEN, "set reactivekv.encryption.key or reactivekv.encryption.key-file, not both", null);
        }
        String property = key != null ? "reactivekv.encryption.key" : "reactivekv.encryption.key-file";
        List<String> keys = key != null
                ? Arrays.stream(key.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList()
                : readKeyFile(file);
        if (keys.isEmpty()) {
            throw invalid(property, key != null ? HIDDEN : file, "holds no Fernet key", null);
        }
        EncryptionBuilder builder = Wrappers.encryption().raiseOnDecryptionError(e.isRaiseOnDecryptionError());
        try {
            keys.forEach(builder::key);
        } catch (IllegalArgumentException bad) {
            // the message never repeats the key
            throw invalid(property, key != null ? HIDDEN : file, bad.getMessage(), bad);
        }
        return builder.build();
    }

    /** One key per line, the first encrypts; blank and {@code #} lines are skipped (the disk store's key file format). */
    private static List<String> readKeyFile(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw invalid("reactivekv.encryption.key-file", file, "cannot be read: " + e, e);
        }
    }

    private static @Nullable Wrapper ttlClamp(ReactiveKvProperties.Ttl t) {
        if (t.getMin() == null && t.getMax() == null && t.getIfMissing() == null) {
            return null;
        }
        Duration min = t.getMin() == null ? Duration.ofMillis(1) : ttl("reactivekv.ttl.min", t.getMin());
        Duration max = t.getMax() == null ? Validation.MAX_TTL : ttl("reactivekv.ttl.max", t.getMax());
        Duration missing = t.getIfMissing() == null ? null : ttl("reactivekv.ttl.if-missing", t.getIfMissing());
        if (min.compareTo(max) > 0) {
            throw invalid("reactivekv.ttl.min", min, "is above reactivekv.ttl.max (" + max + ")", null);
        }
        return Wrappers.ttlClamp(min, max, missing);
    }

    private static Duration ttl(String property, Duration ttl) {
        try {
            return Validation.ttl(ttl);
        } catch (KeyValueException e) {
            throw invalid(property, ttl, e.getMessage(), e);
        }
    }

    private static Wrapper retry(ReactiveKvProperties.Retry r) {
        if (r.getMaxRetries() < 0) {
            throw invalid("reactivekv.retry.max-retries", r.getMaxRetries(), "must not be negative", null);
        }
        if (!(r.getJitter() >= 0 && r.getJitter() <= 1)) {
            throw invalid("reactivekv.retry.jitter", r.getJitter(), "must be between 0 and 1", null);
        }
        return Wrappers.retry().maxRetries(r.getMaxRetries())
                .initialDelay(notNegative("reactivekv.retry.initial-delay", r.getInitialDelay()))
                .maxDelay(notNegative("reactivekv.retry.max-delay", r.getMaxDelay()))
                .jitter(r.getJitter())
                .build();
    }

    static Duration positive(String property, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw invalid(property, d, "must be positive", null);
        }
        return d;
    }

    private static Duration notNegative(String property, Duration d) {
        if (d.isNegative()) {
            throw invalid(property, d, "must not be negative", null);
        }
        return d;
    }

    static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value, String reason,
                                                            @Nullable Throwable cause) {
        InvalidConfigurationPropertyValueException e = new InvalidConfigurationPropertyValueException(property, value, reason);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
