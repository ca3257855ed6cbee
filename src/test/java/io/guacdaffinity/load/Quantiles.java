package io.guacdaffinity.load;

import java.util.Arrays;

/** Nearest-rank quantiles of a sample. */
final class Quantiles {

    private final long[] sorted;

    Quantiles(long[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The q-quantile (0 &lt; q &le; 1), or 0 for an empty sample. */
    long at(double q) {
        if (sorted.length == 0)
            return 0;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }
}
