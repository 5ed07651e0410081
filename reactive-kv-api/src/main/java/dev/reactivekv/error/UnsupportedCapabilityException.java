package dev.reactivekv.error;

import org.jspecify.annotations.Nullable;

/** The operation needs a {@link Capability} this store does not declare. */
public class UnsupportedCapabilityException extends KeyValueException {

    public UnsupportedCapabilityException(String message) {
        super(message);
    }

    public UnsupportedCapabilityException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
