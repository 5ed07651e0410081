package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A write was attempted through a read-only store or wrapper. Nothing was changed. */
public class ReadOnlyException extends KeyValueException {

    public ReadOnlyException(String message) {
        super(message);
    }

    public ReadOnlyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
