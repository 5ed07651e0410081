package dev.reactivekv.cli.bench;

import java.util.random.RandomGenerator;

/** Chooses which of the {@code n} loaded keys (0 … n-1) an operation touches. Thread-safe. */
public interface KeyChooser {

    /** The next key index, in {@code [0, n)}. */
    long next(RandomGenerator random);

    /** Every key equally likely. */
    static KeyChooser uniform(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one key, got " + n);
        }
        return random -> random.nextLong(n);
    }

    /**
     * YCSB's default request distribution: zipfian with constant 0.99 (a few keys are hot), the ranks scattered
     * over the key space by a hash so that the hot keys are not neighbours.
     */
    static KeyChooser zipfian(long n) {
        return new ZipfianKeyChooser(n, ZipfianKeyChooser.YCSB_CONSTANT);
    }
}
