package dev.reactivekv.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The IDE metadata the configuration processor generates into the starter's jar. */
class ConfigurationMetadataTest {

    @Test
    void theMetadataListsEveryPropertyWithItsTypeDescriptionAndDefault() throws Exception {
        Path classes = Path.of(ReactiveKvProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path file = classes.resolve("META-INF/spring-configuration-metadata.json");
        assertThat(file).exists();
        Map<String, JsonNode> byName = new HashMap<>();
        new ObjectMapper().readTree(file.toFile()).get("properties").forEach(p -> byName.put(p.get("name").asText(), p));

        assertThat(byName).containsKeys("reactivekv.uri", "reactivekv.collection-prefix", "reactivekv.timeout",
                "reactivekv.encryption.key", "reactivekv.encryption.key-file", "reactivekv.encryption.raise-on-decryption-error",
                "reactivekv.compression.enabled", "reactivekv.compression.min-size",
                "reactivekv.ttl.min", "reactivekv.ttl.max", "reactivekv.ttl.if-missing",
                "reactivekv.retry.enabled", "reactivekv.retry.max-retries", "reactivekv.retry.initial-delay",
                "reactivekv.retry.max-delay", "reactivekv.retry.jitter",
                "reactivekv.metrics.enabled", "reactivekv.metrics.prefix", "reactivekv.metrics.tag-collections",
                "reactivekv.health.timeout", "management.health.reactivekv.enabled");
        byName.forEach((name, p) -> assertThat(p.path("description").asText()).as(name).isNotBlank());
        assertThat(byName.get("reactivekv.uri").get("defaultValue").asText()).isEqualTo("memory:");
        assertThat(byName.get("reactivekv.timeout").get("type").asText()).isEqualTo("java.time.Duration");
        assertThat(byName.get("reactivekv.retry.initial-delay").get("defaultValue").asText()).isEqualTo("100ms");
        assertThat(Files.readString(file)).contains("\"name\": \"reactivekv.uri\"");
    }
}
