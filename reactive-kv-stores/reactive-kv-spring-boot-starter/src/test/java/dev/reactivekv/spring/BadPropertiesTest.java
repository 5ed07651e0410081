package dev.reactivekv.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A bad property fails the start with a message naming it (and never repeating a key). */
class BadPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReactiveKvAutoConfiguration.class, ReactiveKvHealthAutoConfiguration.class));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            reactivekv.uri=nosuch://nowhere                                   | reactivekv.uri
            reactivekv.uri=                                                   | reactivekv.uri
            reactivekv.uri=redis://127.0.0.1:1/0                              | reactivekv.uri
            reactivekv.encryption.key=not-a-fernet-key                        | reactivekv.encryption.key
            reactivekv.encryption.key-file=target/no-such-dir/kv.key          | reactivekv.encryption.key-file
            reactivekv.compression.enabled=true,reactivekv.compression.min-size=-1 | reactivekv.compression.min-size
            reactivekv.collection-prefix=                                     | reactivekv.collection-prefix
            reactivekv.ttl.min=10s,reactivekv.ttl.max=1s                      | reactivekv.ttl.min
            reactivekv.ttl.max=0s                                             | reactivekv.ttl.max
            reactivekv.ttl.if-missing=-5s                                     | reactivekv.ttl.if-missing
            reactivekv.timeout=-1s                                            | reactivekv.timeout
            reactivekv.timeout=soon                                           | reactivekv.timeout
            reactivekv.retry.enabled=true,reactivekv.retry.jitter=2           | reactivekv.retry.jitter
            reactivekv.retry.enabled=true,reactivekv.retry.max-retries=-1     | reactivekv.retry.max-retries
            reactivekv.retry.enabled=true,reactivekv.retry.initial-delay=-1ms | reactivekv.retry.initial-delay
            reactivekv.health.timeout=0s                                      | reactivekv.health.timeout
            """)
    void aBadPropertyFailsTheStartNamingIt(String properties, String property) {
        runner.withPropertyValues(properties.split(",")).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(Failures.messages(ctx.getStartupFailure())).anySatisfy(m -> assertThat(m).contains(property));
            assertThat(Failures.messages(ctx.getStartupFailure())).noneSatisfy(m -> assertThat(m).contains("not-a-fernet-key"));
        });
    }

    @Test
    void bothAKeyAndAKeyFileIsRefusedWithoutShowingTheKey() {
        runner.withPropertyValues("reactivekv.encryption.key=" + ReactiveKvAutoConfigurationTest.KEY, "reactivekv.encryption.key-file=/etc/kv.key").run(ctx -> {
            assertThat(Failures.messages(ctx.getStartupFailure()))
                    .anySatisfy(m -> assertThat(m).contains("reactivekv.encryption.key").contains("not both"))
                    .noneSatisfy(m -> assertThat(m).contains(ReactiveKvAutoConfigurationTest.KEY));
        });
    }
}
