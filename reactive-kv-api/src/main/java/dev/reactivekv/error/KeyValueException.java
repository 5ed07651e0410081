package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/**
 * Root of every failure a store signals. Thrown as such only for backend failures that fit no
 * subtype; the driver's exception is always kept as the cause.
 */
public class KeyValueException extends RuntimeException {

    public KeyValueException(String message) {
        super(message);
    }

    public KeyValueException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
