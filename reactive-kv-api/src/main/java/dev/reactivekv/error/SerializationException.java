package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A value is not a JSON object (string keys; null, boolean, finite number, string, list or object values) or cannot be encoded. Raised before any I/O. */
public class SerializationException extends KeyValueException {

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
