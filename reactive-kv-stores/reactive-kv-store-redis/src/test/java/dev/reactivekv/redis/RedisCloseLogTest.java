package dev.reactivekv.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.Polling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a store logs no warning. Lettuce used to log "Connection is already closed" on every close:
 * the client's shutdown closed again the connections the store had just begun closing.
 */
class RedisCloseLogTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
    }

    @Test
    void closingAfterCommandsLogsNoWarning() {
        Set<Thread> before = lettuceThreads();
        KeyValueStore store = RedisStore.builder(uri()).build();
        store.put("close-log", "k", Map.of("a", 1)).block(PATIENCE);
        closeAndAssertNoWarning(store, before);
    }

    @Test
    void closingWithALiveWatchLogsNoWarning() {
        Set<Thread> before = lettuceThreads();
        KeyValueStore store = RedisStore.builder(uri()).build();
        KeyEvent first = store.watch("close-log").blockFirst(PATIENCE);
        assertThat(first).isNotNull();
        closeAndAssertNoWarning(store, before);
    }

    private void closeAndAssertNoWarning(KeyValueStore store, Set<Thread> before) {
        Set<Thread> ours = lettuceThreads();
        ours.removeAll(before);
        assertThat(ours).as("the store's own Lettuce threads").isNotEmpty();
        store.close();
        // the client's shutdown (where the warning came from) ends with its event loops
        Polling.until("the store's Lettuce threads end", PATIENCE, () -> ours.stream().noneMatch(Thread::isAlive));
        List<String> warnings = captured.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                .collect(Collectors.toList());
        assertThat(warnings).isEmpty();
    }

    private static Set<Thread> lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lettuce-"))
                .collect(Collectors.toSet());
    }

    private static String uri() {
        return "redis://127.0.0.1:" + RedisServers.redisPort();
    }
}
