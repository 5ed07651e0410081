package dev.reactivekv;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** The answer for one key of a bulk read: a hit carrying its {@link Entry}, or an explicit miss. */
public record Lookup(String key, @Nullable Entry entry) {

    public Lookup {
        Objects.requireNonNull(key, "key");
    }

    public static Lookup miss(String key) {
        return new Lookup(key, null);
    }

    public boolean isHit() {
        return entry != null;
    }

    /** The value, empty on a miss. */
    public Optional<Map<String, Object>> value() {
        return entry == null ? Optional.empty() : Optional.of(entry.value());
    }
}
