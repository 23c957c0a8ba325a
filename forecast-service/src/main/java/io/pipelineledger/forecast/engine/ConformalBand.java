package io.pipelineledger.forecast.engine;

import java.util.Arrays;

/**
 * The P10/P90 rule of {@link Method#AUTO}, split-conformal style: the empirical quantiles of the self-check's
 * residuals (the combination's log errors after the bias correction, {@link AutoCombination#residuals}) give how
 * far the part not won has strayed from its forecast; they are combined with the simulation's spread of the current
 * pipeline by taking the wider log half-width on each side: lower = max(max(0, −q_lo), s_lo), upper =
 * max(max(0, q_hi), s_hi), with s_lo = log(R / (P10_sim − closedWon)), s_hi = log((P90_sim − closedWon) / R) of the
 * simulated candidate and R its expected part not won. Then P10 = closedWon + R_auto·e^(−lower), P90 = closedWon +
 * R_auto·e^(upper). The wider, not the sum in quadrature: the residuals already hold the outcome's randomness the
 * simulation describes, and adding both counted it twice (measured on the trouble generators: coverage 0.85–1.00
 * in quadrature on six of seven, 0.70–0.90 on five of seven with the wider); the simulation still widens the band
 * when today's pipeline is lumpier than the origins' were.
 *
 * <p>Quantiles: linear interpolation between order statistics (the "type 7" rule: level p reads position p·(n−1) of
 * the sorted values). With n ≥ {@value #ENOUGH_ORIGINS} origins the levels are 0.1 and 0.9. With fewer the levels
 * are pushed outward by 1/(n+1) (clamped to the extremes) and each half-width is at least
 * {@value #FEW_ORIGINS_MIN_HALF_WIDTH} (log, about ±15 %); with none at all, the residual half-widths are
 * {@value #NO_ORIGIN_HALF_WIDTH} (about −26 %/+35 %).
 *
 * @param levelLow  quantile level of the lower residual (0.1 with enough origins)
 * @param levelHigh quantile level of the upper residual
 * @param low       the lower residual quantile (log), times the ask's point's scale
 * @param high      the upper residual quantile (log), times the ask's point's scale
 * @param origins   how many residuals it rests on
 */
public record ConformalBand(double levelLow, double levelHigh, double low, double high, int origins) {

    public static final int ENOUGH_ORIGINS = 8;
    public static final double FEW_ORIGINS_MIN_HALF_WIDTH = 0.15;
    public static final double NO_ORIGIN_HALF_WIDTH = 0.3;

    public static ConformalBand of(double[] residuals) {
        return of(residuals, 1);
    }

    /**
     * From the residuals over all origins, their quantiles multiplied by {@code scale}: the spread at the ask's
     * point of the period relative to the pooled one ({@link AutoCombination#bandScale}), so the band is calibrated
     * per point while its quantiles rest on every origin.
     */
    public static ConformalBand of(double[] residuals, double scale) {
        int n = residuals.length;
        if (n == 0) {
            return new ConformalBand(0, 1, -NO_ORIGIN_HALF_WIDTH, NO_ORIGIN_HALF_WIDTH, 0);
        }
        double push = n < ENOUGH_ORIGINS ? 1.0 / (n + 1) : 0;
        double lo = Math.max(0, 0.1 - push);
        double hi = Math.min(1, 0.9 + push);
        return new ConformalBand(lo, hi, scale * quantile(residuals, lo), scale * quantile(residuals, hi), n);
    }

    public boolean fewOrigins() {
        return origins < ENOUGH_ORIGINS;
    }

    /** The lower log half-width given the simulation's lower spread {@code simLow} (≥ 0). */
    public double lowerHalfWidth(double simLow) {
        return halfWidth(Math.max(0, -low), simLow);
    }

    /** The upper log half-width given the simulation's upper spread {@code simHigh} (≥ 0). */
    public double upperHalfWidth(double simHigh) {
        return halfWidth(Math.max(0, high), simHigh);
    }

    private double halfWidth(double residual, double sim) {
        double w = Math.max(residual, sim);
        return fewOrigins() && origins > 0 ? Math.max(w, FEW_ORIGINS_MIN_HALF_WIDTH) : w;
    }

    /** The level-p quantile of {@code values}, interpolated linearly between order statistics (type 7). */
    public static double quantile(double[] values, double p) {
        double[] x = values.clone();
        Arrays.sort(x);
        if (x.length == 1) {
            return x[0];
        }
        double h = p * (x.length - 1);
        int i = (int) Math.floor(h);
        if (i >= x.length - 1) {
            return x[x.length - 1];
        }
        return x[i] + (h - i) * (x[i + 1] - x[i]);
    }
}
