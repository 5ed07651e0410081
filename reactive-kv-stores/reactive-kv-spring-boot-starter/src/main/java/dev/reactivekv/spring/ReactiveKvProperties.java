package dev.reactivekv.spring;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code reactivekv.*} properties: which store to open and which wrappers to put around it.
 * The wrappers are applied in one fixed order, innermost first: encryption, compression, collection
 * prefix, TTL clamp, timeout, retry, meters (docs/spring-boot.md explains why). Every value is checked
 * at start-up; a bad one fails the start with the property's name.
 */
@ConfigurationProperties("reactivekv")
public class ReactiveKvProperties {

    /**
     * The store, by URI: memory:, disk:/path, rocksdb:/path, redis://host:6379/0, postgresql://...
     * The module handling the scheme (reactive-kv-store-redis, ...) must be on the class path.
     */
    private String uri = "memory:";

    /** Stores collection c as PREFIX__c (py-key-value's prefix-collections wrapper). None when unset. */
    private @Nullable String collectionPrefix;

    /** Fails any call that takes longer with StoreTimeoutException (each retry attempt on its own). None when unset. */
    private @Nullable Duration timeout;

    private final Encryption encryption = new Encryption();

    private final Compression compression = new Compression();

    private final Ttl ttl = new Ttl();

    private final Retry retry = new Retry();

    private final Metrics metrics = new Metrics();

    private final Health health = new Health();

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public @Nullable String getCollectionPrefix() {
        return collectionPrefix;
    }

    public void setCollectionPrefix(@Nullable String collectionPrefix) {
        this.collectionPrefix = collectionPrefix;
    }

    public @Nullable Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
        this.timeout = timeout;
    }

    public Encryption getEncryption() {
        return encryption;
    }

    public Compression getCompression() {
        return compression;
    }

    public Ttl getTtl() {
        return ttl;
    }

    public Retry getRetry() {
        return retry;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Health getHealth() {
        return health;
    }

    /** Fernet encryption of values, py-key-value compatible; on when a key or a key file is set. */
    public static class Encryption {

        /**
         * Fernet key (32 bytes, url-safe base64, as Python's Fernet.generate_key() makes); several,
         * comma-separated, for rotation: the first encrypts, any decrypts. Exclusive with key-file.
         */
        private @Nullable String key;

        /** File holding the Fernet keys, one per line (the first encrypts; blank and # lines ignored), as the disk store's key file. */
        private @Nullable Path keyFile;

        /** Whether a value that cannot be decrypted fails the read (DecryptionException) instead of reading as a miss. */
        private boolean raiseOnDecryptionError = true;

        public @Nullable String getKey() {
            return key;
        }

        public void setKey(@Nullable String key) {
            this.key = key;
        }

        public @Nullable Path getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(@Nullable Path keyFile) {
            this.keyFile = keyFile;
        }

        public boolean isRaiseOnDecryptionError() {
            return raiseOnDecryptionError;
        }

        public void setRaiseOnDecryptionError(boolean raiseOnDecryptionError) {
            this.raiseOnDecryptionError = raiseOnDecryptionError;
        }
    }

    /** gzip compression of large values (inside encryption: plaintext is compressed, then encrypted). */
    public static class Compression {

        /** Whether values are compressed. */
        private boolean enabled;

        /** Values whose sorted JSON has fewer characters are stored as they are. */
        private int minSize = 1024;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMinSize() {
            return minSize;
        }

        public void setMinSize(int minSize) {
            this.minSize = minSize;
        }
    }

    /** Clamps the TTL of every write; on when any of min, max or if-missing is set. */
    public static class Ttl {

        /** Shorter TTLs are raised to this (1 ms when only max or if-missing is set). */
        private @Nullable Duration min;

        /** Longer TTLs are lowered to this (36,500 days, the longest TTL, when only min or if-missing is set). */
        private @Nullable Duration max;

        /** The TTL of writes that give none; they stay without expiry when unset. */
        private @Nullable Duration ifMissing;

        public @Nullable Duration getMin() {
            return min;
        }

        public void setMin(@Nullable Duration min) {
            this.min = min;
        }

        public @Nullable Duration getMax() {
            return max;
        }

        public void setMax(@Nullable Duration max) {
            this.max = max;
        }

        public @Nullable Duration getIfMissing() {
            return ifMissing;
        }

        public void setIfMissing(@Nullable Duration ifMissing) {
            this.ifMissing = ifMissing;
        }
    }

    /** Retries calls failing with StoreUnavailableException or StoreTimeoutException, with exponential backoff and jitter. */
    public static class Retry {

        /** Whether failed calls are retried. */
        private boolean enabled;

        /** Retries after the first attempt. */
        private long maxRetries = 3;

        /** Delay before the first retry; it doubles for each next one. */
        private Duration initialDelay = Duration.ofMillis(100);

        /** Longest delay between two attempts. */
        private Duration maxDelay = Duration.ofSeconds(10);

        /** Randomness of each delay, from 0 (none) to 1. */
        private double jitter = 0.5;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public long getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(long maxRetries) {
            this.maxRetries = maxRetries;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public double getJitter() {
            return jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }
    }

    /** Micrometer meters (hits, misses, puts, deletes, errors, latency) on the application's MeterRegistry. */
    public static class Metrics {

        /** Whether the store records meters when the application has a MeterRegistry. */
        private boolean enabled = true;

        /** Meter name prefix: PREFIX.hits, PREFIX.latency, ... */
        private String prefix = "reactivekv";

        /** Whether meters are tagged with the collection name; turn off when collection names are unbounded. */
        private boolean tagCollections = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public boolean isTagCollections() {
            return tagCollections;
        }

        public void setTagCollections(boolean tagCollections) {
            this.tagCollections = tagCollections;
        }
    }

    /** The health indicator (Actuator): turned off with management.health.reactivekv.enabled=false. */
    public static class Health {

        /** The store's health probe is DOWN when it does not answer within this time. */
        private Duration timeout = Duration.ofSeconds(2);

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
