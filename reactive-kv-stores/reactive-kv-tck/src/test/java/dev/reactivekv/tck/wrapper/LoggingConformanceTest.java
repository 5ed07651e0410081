package dev.reactivekv.tck.wrapper;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrappers;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logging wrapper with its logger enabled at DEBUG (the kit's logback config is WARN, which
 * would skip the logging path): every contract holds while every call is logged, and values never
 * reach the log unless asked.
 */
class LoggingConformanceTest extends WrapperConformanceSupport {

    /** Keeps the last lines only: the kit makes hundreds of thousands of calls. */
    static final class Recent extends AppenderBase<ILoggingEvent> {
        final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent e) {
            lines.add(e.getFormattedMessage());
            while (lines.size() > 1000) {
                lines.poll();
            }
        }
    }

    private static final Recent RECENT = new Recent();

    private static org.slf4j.Logger logger(String name) {
        Logger l = (Logger) LoggerFactory.getLogger(name);
        if (!RECENT.isStarted()) {
            RECENT.start();
        }
        if (l.getAppender("recent") == null) {
            RECENT.setName("recent");
            l.addAppender(RECENT);
        }
        l.setLevel(Level.DEBUG);
        l.setAdditive(false);
        return l;
    }

    @Override
    protected KeyValueStore wrap(KeyValueStore memory, Clock clock) {
        return KeyValue.of(memory)
                .with(Wrappers.logging().logger(logger("rkv.test.logging")).level(org.slf4j.event.Level.DEBUG))
                .build();
    }

    @Test
    void valuesAreLoggedOnlyWhenAsked() {
        store().put(collection(), "k", Map.of("secret", "hunter2-not-logged"), null).block();
        store().get(collection(), "k").block();
        store().getMany(collection(), List.of("k")).blockLast();
        assertThat(RECENT.lines).anyMatch(l -> l.contains("kv get finish") && l.contains("key=k"));
        assertThat(RECENT.lines).noneMatch(l -> l.contains("hunter2"));

        try (KeyValueStore verbose = KeyValue.of(memory(Clock.systemUTC()))
                .with(Wrappers.logging().logger(logger("rkv.test.logging")).level(org.slf4j.event.Level.DEBUG).logValues(true))
                .build()) {
            verbose.put(collection(), "k", Map.of("secret", "shown-when-asked"), null).block();
            verbose.get(collection(), "k").block();
        }
        assertThat(RECENT.lines).anyMatch(l -> l.contains("shown-when-asked"));
    }
}
