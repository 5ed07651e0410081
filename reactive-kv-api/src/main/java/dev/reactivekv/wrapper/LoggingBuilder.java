package dev.reactivekv.wrapper;

import java.util.Objects;

import dev.reactivekv.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Configures the logging wrapper: logger (default {@code dev.reactivekv.wrapper.logging}), level (INFO), values (off). */
public final class LoggingBuilder implements Wrapper {

    private Logger logger = LoggerFactory.getLogger("dev.reactivekv.wrapper.logging");
    private Level level = Level.INFO;
    private boolean logValues;

    LoggingBuilder() {
    }

    public LoggingBuilder logger(Logger log) {
        this.logger = Objects.requireNonNull(log, "log");
        return this;
    }

    public LoggingBuilder level(Level lineLevel) {
        this.level = Objects.requireNonNull(lineLevel, "lineLevel");
        return this;
    }

    /** Also log values written and read. Off by default: values often hold secrets. */
    public LoggingBuilder logValues(boolean log) {
        this.logValues = log;
        return this;
    }

    public Wrapper build() {
        Logger l = logger;
        Level lv = level;
        boolean v = logValues;
        return inner -> new LoggingWrapper(inner, l, lv, v);
    }

    @Override
    public KeyValueStore wrap(KeyValueStore inner) {
        return build().wrap(inner);
    }
}
