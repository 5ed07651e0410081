package dev.reactivekv.spring;

import dev.reactivekv.KeyValueStore;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code reactiveKv} health contributor ({@link ReactiveKvHealthIndicator}) for the application's one
 * {@link KeyValueStore} bean, its own or the starter's. Needs Spring Boot Actuator; turned off with
 * {@code management.health.reactivekv.enabled=false}.
 */
@AutoConfiguration(after = ReactiveKvAutoConfiguration.class)
@ConditionalOnClass({KeyValueStore.class, ReactiveHealthIndicator.class})
@ConditionalOnSingleCandidate(KeyValueStore.class)
@ConditionalOnEnabledHealthIndicator("reactivekv")
@EnableConfigurationProperties(ReactiveKvProperties.class)
public class ReactiveKvHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "reactiveKvHealthIndicator")
    public ReactiveKvHealthIndicator reactiveKvHealthIndicator(KeyValueStore store, ReactiveKvProperties properties) {
        return new ReactiveKvHealthIndicator(store,
                StoreChain.positive("reactivekv.health.timeout", properties.getHealth().getTimeout()));
    }
}
