package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A scan cursor was not produced by this store for this scan, or was tampered with. */
public class InvalidCursorException extends KeyValueException {

    public InvalidCursorException(String message) {
        super(message);
    }

    public InvalidCursorException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
