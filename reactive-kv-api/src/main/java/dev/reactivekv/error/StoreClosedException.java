package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** The store was closed before or while the operation ran. */
public class StoreClosedException extends StoreUnavailableException {

    public StoreClosedException(String message) {
        super(message);
    }

    public StoreClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
