package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** An entry exceeds the store's or a wrapper's size limit. Nothing was changed. */
public class EntryTooLargeException extends KeyValueException {

    public EntryTooLargeException(String message) {
        super(message);
    }

    public EntryTooLargeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
