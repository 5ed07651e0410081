package dev.reactivekv.spring.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.redis.RedisServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The whole application as Spring Boot starts it: application.yml, Actuator's registry and health endpoint. */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    private Visits visits;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private HealthEndpoint health;

    @Test
    void theApplicationUsesTheConfiguredStore() {
        String page = "/p/" + UUID.randomUUID();
        assertThat(visits.visit(page).block(WAIT)).isEqualTo(1);
        assertThat(visits.visit(page).block(WAIT)).isEqualTo(2);

        // application.yml: prefixed and encrypted in Redis
        KeyValueStore raw = KeyValueStores.open("redis://127.0.0.1:" + RedisServers.redisPort() + "/0");
        try {
            assertThat(raw.get("demo__visits", page).block(WAIT)).containsKey("__encrypted_data__").doesNotContainKey("count");
            raw.delete("demo__visits", page).block(WAIT);
        } finally {
            raw.close();
        }
        // Actuator's own registry and health endpoint
        assertThat(registry.get("reactivekv.puts").tag("collection", "visits").counter().count()).isGreaterThanOrEqualTo(2);
        assertThat(health.healthForPath("reactiveKv").getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aBadPropertyStopsTheStartWithSpringBootsReportNamingIt(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(DemoApplication.class)
                .properties("reactivekv.retry.jitter=1.5").run().close())
                .hasStackTraceContaining("reactivekv.retry.jitter");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value '1.5' for configuration property 'reactivekv.retry.jitter'")
                .contains("must be between 0 and 1");
    }
}
