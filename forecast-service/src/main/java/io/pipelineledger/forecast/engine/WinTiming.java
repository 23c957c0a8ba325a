package io.pipelineledger.forecast.engine;

/**
 * When a deal wins, for one owner's chain: the semi-Markov chain's first-passage-to-WON distribution on a grid of
 * {@code step} days, computed exactly on the grid by convolution (no simulation). A stay of length D in a stage
 * counts as round(D / step) steps, at least one.
 *
 * <pre>
 *   V_s(k) = rows[s][WON] + sum_j rows[s][j] * W_j(k)      win within k steps of leaving s
 *   W_s(k) = sum_{m=1..k} f_s(m) * V_s(k - m)               win within k steps of entering s
 * </pre>
 * with f_s the stay's step distribution. For a deal already {@code age} days in stage s the stay's remainder is
 * conditioned on having lasted {@code age}: P(win within k steps) = sum_m g(m) V_s(k - m), g the remainder's
 * distribution. As k grows, W_s(k) tends to the chain's absorption probability.
 */
final class WinTiming {

    private final int step;
    private final int length;
    private final double[][] v;
    private final double[][] w;
    private final DwellCurve[] dwell;

    WinTiming(double[][] rows, DwellCurve[] dwell, int step, int length) {
        int k = rows.length;
        this.step = step;
        this.length = length;
        this.dwell = dwell;
        double[][] f = new double[k][length + 1];
        for (int s = 0; s < k; s++) {
            for (int m = 1; m <= length; m++) {
                double lo = m == 1 ? 0 : (m - 0.5) * step;
                f[s][m] = dwell[s].survival(lo) - dwell[s].survival((m + 0.5) * step);
            }
        }
        v = new double[k][length + 1];
        w = new double[k][length + 1];
        int won = k;
        for (int t = 0; t <= length; t++) {
            for (int s = 0; s < k; s++) {
                double sum = 0;
                double[] fs = f[s];
                double[] vs = v[s];
                for (int m = 1; m <= t; m++) {
                    sum += fs[m] * vs[t - m];
                }
                w[s][t] = sum;
            }
            for (int s = 0; s < k; s++) {
                double sum = rows[s][won];
                for (int j = 0; j < k; j++) {
                    sum += rows[s][j] * w[j][t];
                }
                v[s][t] = sum;
            }
        }
    }

    int step() {
        return step;
    }

    int length() {
        return length;
    }

    /** P(win within {@code steps} steps | entered stage s just now). */
    double fromEntry(int stage, int steps) {
        return steps <= 0 ? 0 : w[stage][Math.min(steps, length)];
    }

    /** P(win within {@code steps} steps | in stage s for {@code ageDays} already). */
    double fromAge(int stage, double ageDays, int steps) {
        if (steps <= 0) {
            return 0;
        }
        return dwell[stage].convolveResidual(ageDays, step, v[stage], Math.min(steps, length));
    }
}
