package dev.reactivekv.dynamodb;

import dev.reactivekv.internal.codec.PyJson;
import org.jspecify.annotations.Nullable;

/**
 * The sort-key range of a {@code keys()} page as DynamoDB can express it. A key condition holds one
 * predicate on the sort key, and DynamoDB refuses an {@code ExclusiveStartKey} outside the key condition,
 * so a prefix combined with a start position is reduced here: starting before the prefix is the prefix
 * alone, starting inside it is the prefix plus the start key, and starting beyond it is nothing at all.
 *
 * @param prefix         {@code begins_with} operand, or null
 * @param greaterThan    {@code key > :a} operand (no prefix), or null
 * @param exclusiveStart the sort key of the {@code ExclusiveStartKey} (with a prefix), or null
 * @param isEmpty        no key can match: no request is needed
 */
record KeyRange(@Nullable String prefix, @Nullable String greaterThan, @Nullable String exclusiveStart, boolean isEmpty) {

    private static final KeyRange ALL = new KeyRange(null, null, null, false);
    private static final KeyRange NONE = new KeyRange(null, null, null, true);

    /** Keys starting with {@code prefix} ({@code ""} for all) and strictly after {@code after}, in code point order. */
    static KeyRange of(String prefix, @Nullable String after) {
        if (prefix.isEmpty()) {
            return after == null ? ALL : new KeyRange(null, after, null, false);
        }
        if (after == null || PyJson.compareCodePoints(after, prefix) < 0) {
            return new KeyRange(prefix, null, null, false);
        }
        if (after.startsWith(prefix)) {
            return new KeyRange(prefix, null, after, false);
        }
        // after > prefix without starting with it: every key with the prefix sorts before it
        return NONE;
    }
}
