package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** The operation did not complete within its time limit. A write may or may not have been applied. */
public class StoreTimeoutException extends KeyValueException {

    public StoreTimeoutException(String message) {
        super(message);
    }

    public StoreTimeoutException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
