package dev.reactivekv.tck.fuzz;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.StoreUri;
import org.junit.jupiter.api.Test;

/**
 * A store URI as a user types it (configuration, {@code --store}), through parsing and every typed option accessor a
 * provider uses: either a value or a {@code StoreSetupException}, never another exception.
 */
class StoreUriFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void anyTextParsesOrFailsWithATypedError(FuzzedDataProvider data) {
        String name = data.consumeString(8);
        String text = data.consumeRemainingAsString();
        StoreUri uri;
        try {
            uri = StoreUri.parse(text);
        } catch (KeyValueException expected) {
            return;
        }
        uri.scheme();
        uri.authority();
        uri.host();
        uri.port(1);
        uri.path();
        StoreUri.redact(text);
        for (String option : uri.options().keySet()) {
            typedOnly(() -> uri.durationOption(option, Duration.ofSeconds(1)));
            typedOnly(() -> uri.intOption(option, 1));
            typedOnly(() -> uri.booleanOption(option, true));
        }
        typedOnly(() -> uri.durationOption(name, Duration.ofSeconds(1)));
        typedOnly(uri::absolutePath);
        typedOnly(uri::checkAllOptionsRead);
    }

    /** What fuzzing found, each once: they threw StringIndexOutOfBounds, ArithmeticException and InvalidPathException. */
    @Test
    void findingsFailWithStoreSetupException() {
        assertThatThrownBy(() -> StoreUri.parse("redis://h?timeout=").durationOption("timeout", Duration.ofSeconds(1)))
                .isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> StoreUri.parse("redis://h?timeout=9223372036854775807h").durationOption("timeout", Duration.ofSeconds(1)))
                .isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> StoreUri.parse("disk:/tmp/a%00b").absolutePath()).isInstanceOf(StoreSetupException.class);
    }

    private static void typedOnly(Runnable call) {
        try {
            call.run();
        } catch (KeyValueException expected) {
            // the typed failure is the contract
        }
    }
}
