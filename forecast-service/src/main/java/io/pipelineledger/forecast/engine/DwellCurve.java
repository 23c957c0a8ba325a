package io.pipelineledger.forecast.engine;

/**
 * A time-in-stage survival curve on a half-day grid (the Kaplan–Meier steps, linearly interpolated between grid
 * points), with an exponential tail past the longest observed stay whose mean is the curve's restricted mean.
 * Answers the one question timing needs: given a deal has been in the stage for {@code age} days, how likely is it
 * still there {@code r} days later.
 */
final class DwellCurve {

    static final double RESOLUTION = 0.5; // days
    private static final int MAX_POINTS = 2_001; // 1000 days

    private final double[] s;
    private final double tailMean;

    private DwellCurve(double[] s, double tailMean) {
        this.s = s;
        this.tailMean = tailMean;
    }

    static DwellCurve of(KaplanMeier km) {
        int points = (int) Math.min(MAX_POINTS, Math.ceil(km.lastObserved() / RESOLUTION) + 2);
        double[] s = new double[Math.max(2, points)];
        double mean = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = km.survival(i * RESOLUTION);
            mean += s[i] * RESOLUTION;
        }
        return new DwellCurve(s, Math.max(1, mean));
    }

    /** A stay that always lasts exactly {@code days} (for tests and for a stage nobody ever left). */
    static DwellCurve fixed(double days) {
        int points = (int) Math.ceil(days / RESOLUTION) + 2;
        double[] s = new double[points];
        for (int i = 0; i < points; i++) {
            s[i] = i * RESOLUTION < days ? 1 : 0;
        }
        return new DwellCurve(s, Math.max(1, days));
    }

    double survival(double t) {
        if (t <= 0) {
            return 1;
        }
        double x = t / RESOLUTION;
        int i = (int) x;
        if (i >= s.length - 1) {
            double last = s[s.length - 1];
            return last * Math.exp(-(t - (s.length - 1) * RESOLUTION) / tailMean);
        }
        double f = x - i;
        return s[i] * (1 - f) + s[i + 1] * f;
    }

    /** P(stay > age + r | stay > age); a deal older than anything seen leaves at the tail's exponential rate. */
    double residual(double age, double r) {
        double at = survival(age);
        if (at < 1e-9) {
            return Math.exp(-r / tailMean);
        }
        return survival(age + r) / at;
    }

    /**
     * sum over m = 1..k of P(the rest of the stay lands in step m | stay > age) * v[k - m], where step m covers
     * [(m - 0.5) step, (m + 0.5) step) days from now (step 1 from 0). The timing's inner loop: walks the grid
     * directly, since a step is a whole number of grid points and the interpolation fraction stays the same.
     */
    double convolveResidual(double age, int step, double[] v, int k) {
        double at = survival(age);
        if (at < 1e-9) {
            double sum = 0;
            double previous = 1;
            for (int m = 1; m <= k; m++) {
                double next = Math.exp(-(m + 0.5) * step / tailMean);
                sum += (previous - next) * v[k - m];
                previous = next;
            }
            return sum;
        }
        double x = age / RESOLUTION;
        int i0 = (int) x;
        double f = x - i0;
        int perStep = (int) Math.round(step / RESOLUTION);
        int offset = perStep / 2; // (m + 0.5) steps = (2m + 1) half-steps
        double sum = 0;
        double previous = at;
        int last = s.length - 2;
        for (int m = 1; m <= k; m++) {
            int i = i0 + m * perStep + offset;
            double next = i <= last ? s[i] * (1 - f) + s[i + 1] * f : survival(age + (m + 0.5) * step);
            sum += (previous - next) * v[k - m];
            previous = next;
            if (previous < 1e-12 * at) {
                break;
            }
        }
        return sum / at;
    }

    double tailMean() {
        return tailMean;
    }
}
