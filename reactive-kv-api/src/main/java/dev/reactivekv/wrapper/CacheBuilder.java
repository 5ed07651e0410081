package dev.reactivekv.wrapper;

import java.time.Duration;
import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.spi.Validation;

/** Configures the passthrough cache: cached copies live at most {@code maxTtl} (default 30 min). */
public final class CacheBuilder implements Wrapper {

    private final KeyValueStore cache;
    private Duration maxTtl = Duration.ofMinutes(30);
    private Duration missingTtl;

    CacheBuilder(KeyValueStore cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** The longest a cached copy lives, whatever the entry's own TTL. */
    public CacheBuilder maxTtl(Duration ttl) {
        this.maxTtl = Validation.ttl(Objects.requireNonNull(ttl, "ttl"));
        return this;
    }

    /** How long a cached copy of an entry without expiry lives (default: {@code maxTtl}). */
    public CacheBuilder missingTtl(Duration ttl) {
        this.missingTtl = Validation.ttl(Objects.requireNonNull(ttl, "ttl"));
        return this;
    }

    public Wrapper build() {
        Duration max = maxTtl;
        Duration missing = missingTtl == null || missingTtl.compareTo(max) > 0 ? max : missingTtl;
        return inner -> new PassthroughCacheWrapper(inner, cache, max, missing);
    }

    @Override
    public KeyValueStore wrap(KeyValueStore inner) {
        return build().wrap(inner);
    }
}
