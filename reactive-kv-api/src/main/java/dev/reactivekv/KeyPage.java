package dev.reactivekv;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One page of a key scan.
 *
 * @param keys       at most the requested limit of keys
 * @param nextCursor opaque position to continue from, or {@code null} when the scan is complete
 */
public record KeyPage(List<String> keys, @Nullable String nextCursor) {

    public KeyPage {
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    }

    public boolean isLast() {
        return nextCursor == null;
    }
}
