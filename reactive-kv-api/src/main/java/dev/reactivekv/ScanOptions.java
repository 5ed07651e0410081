package dev.reactivekv;

import org.jspecify.annotations.Nullable;

/**
 * What a key scan covers and how it pages. Immutable; the {@code with…} methods return copies.
 *
 * @param prefix   only keys starting with this, or {@code null} for all
 * @param cursor   an opaque position from {@link KeyPage#nextCursor()}, or {@code null} to start
 * @param after    only keys strictly greater than this (needs {@link Capability#ORDERED_SCAN}), or {@code null}
 * @param pageSize how many keys one backend round trip fetches at most (also the limit of {@link KeyValueStore#keyPage})
 */
public record ScanOptions(@Nullable String prefix, @Nullable String cursor, @Nullable String after, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 10_000;

    private static final ScanOptions ALL = new ScanOptions(null, null, null, DEFAULT_PAGE_SIZE);

    public static ScanOptions all() {
        return ALL;
    }

    public static ScanOptions prefix(String prefix) {
        return ALL.withPrefix(prefix);
    }

    public ScanOptions withPrefix(@Nullable String newPrefix) {
        return new ScanOptions(newPrefix, cursor, after, pageSize);
    }

    public ScanOptions withCursor(@Nullable String newCursor) {
        return new ScanOptions(prefix, newCursor, after, pageSize);
    }

    public ScanOptions withAfter(@Nullable String key) {
        return new ScanOptions(prefix, cursor, key, pageSize);
    }

    public ScanOptions withPageSize(int size) {
        return new ScanOptions(prefix, cursor, after, size);
    }
}
