package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A key is null, empty, too long, or not representable by the store's sanitization strategy. Nothing was changed. */
public class InvalidKeyException extends KeyValueException {

    public InvalidKeyException(String message) {
        super(message);
    }

    public InvalidKeyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
