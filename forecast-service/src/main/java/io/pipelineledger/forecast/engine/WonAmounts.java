package io.pipelineledger.forecast.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * What won deals are worth, from the wins in the learning window: a rep's mean won amount
 * {@code (sum_rep + g * mean_team) / (n_rep + g)}, a team's shrunk the same way toward the company's
 * (g = {@link ForecastSettings#amountStrength()}); the spread of log won amounts (company) for simulating deals not
 * opened yet; and the ratio of won amounts to the deals' amounts just before the win (discount at signature),
 * which the learned method applies to open deals' amounts.
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
        private long count;
        private double sumWon;
        private double sumBefore;
        private double sumLog;
        private double sumLog2;
        private long logCount;

        void won(String rep, String team, double amount, double before) {
            double[] r = reps.computeIfAbsent(rep, k -> new double[2]);
            r[0] += amount;
            r[1]++;
            double[] t = teams.computeIfAbsent(team, k -> new double[2]);
            t[0] += amount;
            t[1]++;
            count++;
            sumWon += amount;
            sumBefore += before;
            if (amount > 0) {
                double l = Math.log(amount);
                sumLog += l;
                sumLog2 += l * l;
                logCount++;
            }
        }

        WonAmounts build(double strength) {
            double mean = count > 0 ? sumWon / count : 0;
            double sigma = logCount > 1
                    ? Math.sqrt(Math.max(0, (sumLog2 - sumLog * sumLog / logCount) / (logCount - 1))) : 0.8;
            double ratio = sumBefore > 0 ? Math.max(0.5, Math.min(1.5, sumWon / sumBefore)) : 1;
            return new WonAmounts(reps, teams, mean, sigma, ratio, strength);
        }
    }
}
