package dev.reactivekv.spring;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrapper;
import dev.reactivekv.wrapper.Wrappers;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters layer the starter puts outermost on its store: reactive-kv's statistics wrapper
 * ({@code <prefix>.hits}, {@code .misses}, {@code .puts}, {@code .deletes}, {@code .errors},
 * {@code .latency}, tagged by collection and operation; docs/wrappers.md) recording on the
 * application's {@link MeterRegistry}. Being outermost, it counts what the application asked for,
 * under its own collection names, once per call whatever the retries below it. Define a bean of this
 * type to replace it.
 */
public final class ReactiveKvMetrics implements Wrapper {

    private final Wrapper statistics;

    public ReactiveKvMetrics(MeterRegistry registry, String prefix, boolean tagCollections) {
        this.statistics = Wrappers.statistics(registry).prefix(prefix).tagCollections(tagCollections).build();
    }

    @Override
    public KeyValueStore wrap(KeyValueStore inner) {
        return statistics.wrap(inner);
    }
}
