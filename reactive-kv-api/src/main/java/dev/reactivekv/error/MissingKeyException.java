package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A key that was required to exist was absent (raise-on-missing adapter). */
public class MissingKeyException extends KeyValueException {

    public MissingKeyException(String message) {
        super(message);
    }

    public MissingKeyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
