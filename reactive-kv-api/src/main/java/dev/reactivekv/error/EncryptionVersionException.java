package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A stored value was encrypted with a newer envelope version than this wrapper reads. The entry is left as it is. */
public class EncryptionVersionException extends DeserializationException {

    public EncryptionVersionException(String message) {
        super(message);
    }

    public EncryptionVersionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
