package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** A stored encrypted value is malformed: a missing or non-integer {@code __encryption_version__}, a non-string or non-base64 payload, or a token that is not Fernet. The entry is left as it is. */
public class CorruptedDataException extends DeserializationException {

    public CorruptedDataException(String message) {
        super(message);
    }

    public CorruptedDataException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
