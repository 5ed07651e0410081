package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A stored entry could not be decoded: corrupt, truncated, or of an unknown format. The entry is left as it is. */
public class DeserializationException extends KeyValueException {

    public DeserializationException(String message) {
        super(message);
    }

    public DeserializationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
