package dev.reactivekv;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A change seen on a watched collection.
 *
 * @param type       what happened
 * @param collection the watched collection
 * @param key        the key, or {@code null} for {@link Type#RESYNC}
 */
public record KeyEvent(Type type, String collection, @Nullable String key) {

    public enum Type {
        /** The key was written (created or replaced). */
        PUT,
        /** The key was deleted, or its collection destroyed. */
        DELETE,
        /** The key expired. */
        EXPIRE,
        /** Events may have been lost (overflow, reconnect): re-read what you care about. */
        RESYNC
    }

    public KeyEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(collection, "collection");
        if (type != Type.RESYNC) {
            Objects.requireNonNull(key, "key");
        }
    }

    public static KeyEvent put(String collection, String key) {
        return new KeyEvent(Type.PUT, collection, key);
    }

    public static KeyEvent delete(String collection, String key) {
        return new KeyEvent(Type.DELETE, collection, key);
    }

    public static KeyEvent expire(String collection, String key) {
        return new KeyEvent(Type.EXPIRE, collection, key);
    }

    public static KeyEvent resync(String collection) {
        return new KeyEvent(Type.RESYNC, collection, null);
    }
}
