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

    double tailMean() {
        return tailMean;
    }
}
