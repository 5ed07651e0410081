package dev.reactivekv.spring;

import dev.reactivekv.KeyValueStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link KeyValueStore} bean from the {@code reactivekv.*} properties ({@link ReactiveKvProperties}),
 * opened with {@link dev.reactivekv.KeyValueStores#open(String)} (the store module of the URI's scheme
 * must be on the class path), wrapped as configured, with meters on the application's
 * {@link MeterRegistry} when there is one, and closed when the context closes. An application's own
 * {@code KeyValueStore} bean replaces it (and then no property wrapper applies).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(KeyValueStore.class)
@EnableConfigurationProperties(ReactiveKvProperties.class)
public class ReactiveKvAutoConfiguration {

    /** Opens the store; blocking while it connects, as any start-up connection. Closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public KeyValueStore keyValueStore(ReactiveKvProperties properties, ObjectProvider<ReactiveKvMetrics> metrics) {
        return StoreChain.open(properties, metrics.getIfAvailable());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnProperty(prefix = "reactivekv.metrics", name = "enabled", matchIfMissing = true)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveKvMetrics reactiveKvMetrics(MeterRegistry registry, ReactiveKvProperties properties) {
            ReactiveKvProperties.Metrics m = properties.getMetrics();
            if (m.getPrefix().isBlank()) {
                throw StoreChain.invalid("reactivekv.metrics.prefix", m.getPrefix(), "must not be blank", null);
            }
            return new ReactiveKvMetrics(registry, m.getPrefix(), m.isTagCollections());
        }
    }
}
