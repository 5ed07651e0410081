package dev.reactivekv.cli.bench;

import java.util.random.RandomGenerator;

/**
 * Zipfian ranks by the rejection-free method of Gray et al., "Quickly Generating Billion-Record Synthetic
 * Databases" (SIGMOD 1994), the one YCSB's {@code ZipfianGenerator} uses: rank 0 is the most popular, rank
 * {@code i} is drawn with probability proportional to {@code 1/(i+1)^theta}. Like YCSB's scrambled variant, the
 * rank is then hashed (FNV-1a) onto the key space so that popular keys are spread out.
 */
final class ZipfianKeyChooser implements KeyChooser {

    static final double YCSB_CONSTANT = 0.99;

    private final long n;
    private final double zetaN;
    private final double alpha;
    private final double eta;
    private final double secondRankBound;

    ZipfianKeyChooser(long n, double theta) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one key, got " + n);
        }
        this.n = n;
        this.zetaN = zeta(n, theta);
        double zeta2 = zeta(2, theta);
        this.alpha = 1.0 / (1.0 - theta);
        this.eta = (1 - Math.pow(2.0 / n, 1 - theta)) / (1 - zeta2 / zetaN);
        this.secondRankBound = 1 + Math.pow(0.5, theta);
    }

    /** The generalised harmonic number: the sum of 1/i^theta for i = 1 … n. */
    static double zeta(long n, double theta) {
        double sum = 0;
        for (long i = 1; i <= n; i++) {
            sum += 1 / Math.pow(i, theta);
        }
        return sum;
    }

    /** The zipfian rank, 0 the most popular; exposed for tests of the distribution's shape. */
    long nextRank(RandomGenerator random) {
        double u = random.nextDouble();
        double uz = u * zetaN;
        if (uz < 1.0) {
            return 0;
        }
        if (uz < secondRankBound) {
            return Math.min(1, n - 1);
        }
        long rank = (long) (n * Math.pow(eta * u - eta + 1, alpha));
        return Math.min(rank, n - 1);
    }

    @Override
    public long next(RandomGenerator random) {
        return Math.floorMod(fnv1a64(nextRank(random)), n);
    }

    static long fnv1a64(long value) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < 8; i++) {
            hash ^= (value >>> (i * 8)) & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
