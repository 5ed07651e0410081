package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A value is smaller than a limit-size wrapper's minimum. Nothing was changed. */
public class EntryTooSmallException extends KeyValueException {

    public EntryTooSmallException(String message) {
        super(message);
    }

    public EntryTooSmallException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
