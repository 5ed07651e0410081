package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.reactivekv.spi.JsonValues;
import dev.reactivekv.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Factories for every wrapper (py-key-value's set). Each returns a {@link Wrapper} (or a builder
 * that is one) to compose with {@link dev.reactivekv.KeyValue}:
 * <pre>{@code
 * KeyValueStore store = KeyValue.of(redis)
 *         .with(Wrappers.compression())
 *         .with(Wrappers.encryption().key(fernetKey))
 *         .with(Wrappers.prefixCollections("app"))
 *         .with(Wrappers.retry())
 *         .build();
 * }</pre>
 * Every wrapper keeps the whole store contract: errors stay typed, nothing is thrown from an
 * operation method, scans and watch pass through (renamed where the wrapper renames).
 */
public final class Wrappers {

    private Wrappers() {
    }

    // ---- values ---------------------------------------------------------------------------

    /** Fernet encryption, py-key-value compatible; give at least one key. */
    public static EncryptionBuilder encryption() {
        return new EncryptionBuilder();
    }

    /** gzip compression of values whose sorted JSON is at least 1024 characters. */
    public static Wrapper compression() {
        return compression(1024);
    }

    /** gzip compression of values whose sorted JSON is at least {@code minSize} characters. */
    public static Wrapper compression(int minSize) {
        return inner -> new CompressionWrapper(inner, minSize);
    }

    /** Answers misses with {@code value}; a default entry has no expiry. */
    public static Wrapper defaultValue(Map<String, ?> value) {
        return defaultValue(value, null);
    }

    /** Answers misses with {@code value}, reporting {@code ttl} as its remaining time. */
    public static Wrapper defaultValue(Map<String, ?> value, @Nullable Duration ttl) {
        Map<String, Object> frozen = JsonValues.copyObject(value);
        return inner -> new DefaultValueWrapper(inner, frozen, ttl);
    }

    /** Refuses or skips writes of values whose sorted JSON is too small or too large. */
    public static LimitSizeBuilder limitSize() {
        return new LimitSizeBuilder();
    }

    // ---- TTL and access -------------------------------------------------------------------

    /** Clamps every written TTL into {@code [min, max]}; writes without TTL stay without. */
    public static Wrapper ttlClamp(Duration min, Duration max) {
        return ttlClamp(min, max, null);
    }

    /** Clamps every written TTL into {@code [min, max]}; writes without TTL get {@code missing}. */
    public static Wrapper ttlClamp(Duration min, Duration max, @Nullable Duration missing) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        return inner -> new TtlClampWrapper(inner, min, max, missing);
    }

    /** Every write fails with {@link dev.reactivekv.error.ReadOnlyException}. */
    public static Wrapper readOnly() {
        return readOnly(true);
    }

    /** Every write fails ({@code raiseOnWrite}) or does nothing and reports that nothing changed. */
    public static Wrapper readOnly(boolean raiseOnWrite) {
        return inner -> new ReadOnlyWrapper(inner, raiseOnWrite);
    }

    // ---- names ----------------------------------------------------------------------------

    /** Collection {@code c} is stored as {@code prefix__c}. */
    public static Wrapper prefixCollections(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return inner -> new PrefixCollectionsWrapper(inner, prefix);
    }

    /** Key {@code k} is stored as {@code prefix__k}. */
    public static Wrapper prefixKeys(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return inner -> new PrefixKeysWrapper(inner, prefix);
    }

    /** Every collection lives in {@code collection}, key {@code k} of {@code c} stored as {@code c__k}. */
    public static Wrapper singleCollection(String collection) {
        return singleCollection(collection, "__");
    }

    /** As {@link #singleCollection(String)} with another separator. */
    public static Wrapper singleCollection(String collection, String separator) {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(separator, "separator");
        return inner -> new SingleCollectionWrapper(inner, collection, separator);
    }

    // ---- topology -------------------------------------------------------------------------

    /**
     * Sends each call to {@code router.apply(collection)}, or to the wrapped store when it returns
     * {@code null}. {@code stores} lists every store the router can return (for
     * {@code collections()}, capabilities and close).
     */
    public static Wrapper routing(Function<String, @Nullable KeyValueStore> router, Collection<? extends KeyValueStore> stores) {
        Objects.requireNonNull(router, "router");
        List<KeyValueStore> copy = List.copyOf(stores);
        return inner -> new RoutingWrapper(inner, router, copy, false);
    }

    /** Sends the named collections to their stores and every other collection to the wrapped store. */
    public static Wrapper routeCollections(Map<String, ? extends KeyValueStore> routes) {
        Map<String, KeyValueStore> copy = Map.copyOf(routes);
        return inner -> new RoutingWrapper(inner, copy::get, copy.values(), true);
    }

    /** Reads that fail on the wrapped store are answered by {@code fallback}. */
    public static FallbackBuilder fallback(KeyValueStore fallback) {
        return new FallbackBuilder(fallback);
    }

    /** A two-tier passthrough cache in front of the wrapped store. */
    public static CacheBuilder passthroughCache(KeyValueStore cache) {
        return new CacheBuilder(cache);
    }

    // ---- resilience and observability -----------------------------------------------------

    /** Exponential backoff with jitter on store-unavailable and timeout errors. */
    public static RetryBuilder retry() {
        return new RetryBuilder();
    }

    /** Fails calls that do not complete within {@code timeout} with {@link dev.reactivekv.error.StoreTimeoutException}. */
    public static Wrapper timeout(Duration timeout) {
        return timeout(timeout, null);
    }

    /** As {@link #timeout(Duration)}, timing on {@code scheduler} (Reactor's parallel scheduler when null). */
    public static Wrapper timeout(Duration timeout, reactor.core.scheduler.@Nullable Scheduler scheduler) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return inner -> new TimeoutWrapper(inner, timeout, scheduler);
    }

    /** Micrometer meters per collection and operation. Needs micrometer-core on the class path. */
    public static StatisticsBuilder statistics(io.micrometer.core.instrument.MeterRegistry registry) {
        return new StatisticsBuilder(registry);
    }

    /** SLF4J logging of every call, never of values unless asked. */
    public static LoggingBuilder logging() {
        return new LoggingBuilder();
    }
}
