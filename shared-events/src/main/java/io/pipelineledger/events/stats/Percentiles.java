package io.pipelineledger.events.stats;

/**
 * Percentiles by linear interpolation between closest ranks (the common "type 7" definition: position p·(n−1)),
 * the one definition the metrics and the forecast share. {@link #select} finds them without sorting: linear time,
 * which matters when a request takes the median and p90 of thousands of groups.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /** The p-percentile of sorted values; null for none. */
    public static Double ofSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        double h = (sorted.length - 1) * p;
        int lower = (int) Math.floor(h);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
    }

    /**
     * The percentiles {@code ps} (ascending) of the first {@code n} values, equal to {@link #ofSorted} of them
     * sorted; reorders those values. Empty array for n = 0.
     */
    public static double[] select(double[] values, int n, double... ps) {
        if (n == 0) {
            return new double[0];
        }
        double[] result = new double[ps.length];
        int orderedFrom = 0; // values from here on are no smaller than those before
        for (int k = 0; k < ps.length; k++) {
            double h = (n - 1) * ps[k];
            int lower = (int) Math.floor(h);
            double low = select(values, lower >= orderedFrom ? orderedFrom : 0, n - 1, lower);
            orderedFrom = lower;
            double high = low;
            if (lower + 1 < n) {
                high = values[lower + 1];
                for (int i = lower + 2; i < n; i++) {
                    high = Math.min(high, values[i]);
                }
            }
            result[k] = low + (h - lower) * (high - low);
        }
        return result;
    }

    /** Hoare's selection: puts the k-th smallest of a[lo..hi] at k, smaller ones before, larger ones after. */
    private static double select(double[] a, int lo, int hi, int k) {
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
