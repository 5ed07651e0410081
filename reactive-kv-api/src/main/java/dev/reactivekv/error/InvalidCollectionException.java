package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A collection name is null, empty, too long, or not representable by the store's sanitization strategy. Nothing was changed. */
public class InvalidCollectionException extends KeyValueException {

    public InvalidCollectionException(String message) {
        super(message);
    }

    public InvalidCollectionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
