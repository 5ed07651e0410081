package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** No configured key could decrypt a stored value (wrong key, or a tampered token). The entry is left as it is. */
public class DecryptionException extends DeserializationException {

    public DecryptionException(String message) {
        super(message);
    }

    public DecryptionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
