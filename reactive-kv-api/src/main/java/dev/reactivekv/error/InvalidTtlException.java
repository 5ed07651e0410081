package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A TTL is zero, negative, or longer than {@link Validation#MAX_TTL}. Nothing was changed. */
public class InvalidTtlException extends KeyValueException {

    public InvalidTtlException(String message) {
        super(message);
    }

    public InvalidTtlException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
