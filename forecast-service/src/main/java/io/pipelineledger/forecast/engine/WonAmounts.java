package io.pipelineledger.forecast.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * What won deals are worth, from the wins in the learning window: a rep's mean won amount
 * {@code (sum_rep + g * mean_team) / (n_rep + g)}, a team's shrunk the same way toward the company's
 * (g = {@link ForecastSettings#amountStrength()}); the spread of log won amounts (company) for simulating deals not
 * opened yet; and the ratio of won amounts to the deals' amounts just before the win (discount at signature),
 * which the learned method applies to open deals' amounts.
 *
 * <p>Recency: each win weighs its recency weight in every sum and count (so g is in wins at as-of); the spread is
 * the weighted variance with the reliability-weights correction sum w (x - mean)^2 / (W - sum w^2 / W), which is
 * the sample variance when every weight is 1.
 */
public final class WonAmounts {

    private final Map<String, double[]> reps;   // rep -> {sum, count}
    private final Map<String, double[]> teams;  // team -> {sum, count}
    private final double companyMean;
    private final double logSigma;
    private final double ratio;
    private final double strength;

    private WonAmounts(Map<String, double[]> reps, Map<String, double[]> teams, double companyMean, double logSigma,
                       double ratio, double strength) {
        this.reps = reps;
        this.teams = teams;
        this.companyMean = companyMean;
        this.logSigma = logSigma;
        this.ratio = ratio;
        this.strength = strength;
    }

    public double teamMean(String team) {
        double[] t = teams.get(team);
        return t == null ? companyMean : (t[0] + strength * companyMean) / (t[1] + strength);
    }

    public double repMean(String rep, String team) {
        double[] r = reps.get(rep);
        double prior = teamMean(team);
        return r == null ? prior : (r[0] + strength * prior) / (r[1] + strength);
    }

    public double logSigma() {
        return logSigma;
    }

    /** Sum of won amounts / sum of the same deals' amounts just before the win; 1 without wins. */
    public double wonToPipelineRatio() {
        return ratio;
    }

    static final class Builder {
        private final Map<String, double[]> reps = new HashMap<>();
        private final Map<String, double[]> teams = new HashMap<>();
        private double count;
        private double sumWon;
        private double sumBefore;
        private double sumLog;
        private double sumLog2;
        private long logCount;
        private double logWeight;
        private double logWeight2;

        void won(String rep, String team, double amount, double before) {
            won(rep, team, amount, before, 1);
        }

        /** A win weighing {@code weight} (its recency weight). */
        void won(String rep, String team, double amount, double before, double weight) {
            double[] r = reps.computeIfAbsent(rep, k -> new double[2]);
            r[0] += weight * amount;
            r[1] += weight;
            double[] t = teams.computeIfAbsent(team, k -> new double[2]);
            t[0] += weight * amount;
            t[1] += weight;
            count += weight;
            sumWon += weight * amount;
            sumBefore += weight * before;
            if (amount > 0) {
                double l = Math.log(amount);
                sumLog += weight * l;
                sumLog2 += weight * (l * l);
                logCount++;
                logWeight += weight;
                logWeight2 += weight * weight;
            }
        }

        WonAmounts build(double strength) {
            double mean = count > 0 ? sumWon / count : 0;
            double dof = logWeight - logWeight2 / Math.max(logWeight, Double.MIN_NORMAL);
            double sigma = logCount > 1 && dof > 0
                    ? Math.sqrt(Math.max(0, (sumLog2 - sumLog * sumLog / logWeight) / dof)) : 0.8;
            double ratio = sumBefore > 0 ? Math.max(0.5, Math.min(1.5, sumWon / sumBefore)) : 1;
            return new WonAmounts(reps, teams, mean, sigma, ratio, strength);
        }
    }
}
