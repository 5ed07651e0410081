package dev.reactivekv.wrapper;

import dev.reactivekv.KeyValueStore;

/** Configures the limit-size wrapper; sizes are lengths of {@code json.dumps(value, sort_keys=True)}. */
public final class LimitSizeBuilder implements Wrapper {

    private int min = 0;
    private int max = Integer.MAX_VALUE;
    private boolean raiseOnTooSmall = false;
    private boolean raiseOnTooLarge = true;

    LimitSizeBuilder() {
    }

    /** Values strictly smaller are too small. Default 0 (no minimum). */
    public LimitSizeBuilder min(int size) {
        this.min = size;
        return this;
    }

    /** Values strictly larger are too large. Default none. */
    public LimitSizeBuilder max(int size) {
        this.max = size;
        return this;
    }

    /** Fail too small writes with {@link EntryTooSmallException} (default {@code false}: skip them). */
    public LimitSizeBuilder raiseOnTooSmall(boolean raise) {
        this.raiseOnTooSmall = raise;
        return this;
    }

    /** Fail too large writes with {@link dev.reactivekv.error.EntryTooLargeException} (default {@code true}; else skip). */
    public LimitSizeBuilder raiseOnTooLarge(boolean raise) {
        this.raiseOnTooLarge = raise;
        return this;
    }

    public Wrapper build() {
        if (min > max) {
            throw new IllegalArgumentException("min size " + min + " is above max size " + max);
        }
        int lo = min;
        int hi = max;
        boolean small = raiseOnTooSmall;
        boolean large = raiseOnTooLarge;
        return inner -> new LimitSizeWrapper(inner, lo, hi, small, large);
    }

    @Override
    public KeyValueStore wrap(KeyValueStore inner) {
        return build().wrap(inner);
    }
}
