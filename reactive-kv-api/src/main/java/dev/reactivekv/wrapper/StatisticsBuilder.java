package dev.reactivekv.wrapper;

import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import io.micrometer.core.instrument.MeterRegistry;

/** Configures the statistics wrapper: meter name prefix (default {@code reactivekv}) and collection tags. */
public final class StatisticsBuilder implements Wrapper {

    private final MeterRegistry registry;
    private String prefix = "reactivekv";
    private boolean tagCollections = true;

    StatisticsBuilder(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public StatisticsBuilder prefix(String meterPrefix) {
        this.prefix = Objects.requireNonNull(meterPrefix, "meterPrefix");
        return this;
    }

    /** Tag meters with the collection name (default); turn off when collections are unbounded in number. */
    public StatisticsBuilder tagCollections(boolean tag) {
        this.tagCollections = tag;
        return this;
    }

    public Wrapper build() {
        String p = prefix;
        boolean t = tagCollections;
        return inner -> new StatisticsWrapper(inner, registry, p, t);
    }

    @Override
    public KeyValueStore wrap(KeyValueStore inner) {
        return build().wrap(inner);
    }
}
