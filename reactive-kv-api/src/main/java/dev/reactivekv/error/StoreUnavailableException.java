package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** The backend could not be reached, or the connection was lost while the operation ran. */
public class StoreUnavailableException extends KeyValueException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
