package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** The store could not be created or configured: bad URI, bad option, failed schema set-up. */
public class StoreSetupException extends KeyValueException {

    public StoreSetupException(String message) {
        super(message);
    }

    public StoreSetupException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
