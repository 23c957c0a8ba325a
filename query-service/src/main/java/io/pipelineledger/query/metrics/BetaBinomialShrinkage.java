package io.pipelineledger.query.metrics;

import java.util.List;

/**
 * Empirical-Bayes shrinkage of rates toward their group: a rep with 3 deals should not rank first on a lucky
 * streak. The group's reps' (successes, trials) fit a Beta(α, β) prior by the method of moments (weighted by
 * trials, with the binomial noise removed from the spread); each rep's shrunk rate is the posterior mean
 * (s + α) / (n + α + β). With too little data to tell reps apart, the prior is all but the group's pooled rate.
 */
public final class BetaBinomialShrinkage {

    /** Successes out of trials. */
    public record Count(long successes, long trials) {
    }

    /** The fitted prior; {@code strength} = α + β, how many trials' worth of weight the group rate carries. */
    public record Prior(double alpha, double beta) {
        public double mean() {
            return alpha / (alpha + beta);
        }

        public double strength() {
            return alpha + beta;
        }

        /** The posterior mean of a rate with these counts; the prior mean when there are none. */
        public double shrink(Count count) {
            return (count.successes() + alpha) / (count.trials() + alpha + beta);
        }
    }

    /** Caps the prior's weight when reps look identical (no spread beyond binomial noise). */
    static final double MAX_STRENGTH = 1_000;
    /** Keeps a little shrinkage even when reps differ more than a beta prior can describe. */
    static final double MIN_STRENGTH = 0.01;

    private BetaBinomialShrinkage() {
    }

    /** Fits the prior to a group's counts; null when the group has no trials at all. */
    public static Prior fit(List<Count> counts) {
        long totalTrials = counts.stream().mapToLong(Count::trials).sum();
        if (totalTrials == 0) {
            return null;
        }
        double pooled = (double) counts.stream().mapToLong(Count::successes).sum() / totalTrials;
        if (pooled <= 0 || pooled >= 1) {
            // everyone always (or never) succeeds: a strong prior at a rate just inside (0, 1)
            double mean = Math.min(Math.max(pooled, 0.5 / (totalTrials + 1)), 1 - 0.5 / (totalTrials + 1));
            return new Prior(mean * MAX_STRENGTH, (1 - mean) * MAX_STRENGTH);
        }
        // Σ n_i (r_i − μ)² has expectation τ²(N − k) + k·μ(1 − μ): the spread of the true rates (τ²) plus the
        // binomial noise of each rep's observed rate; solve for τ², then α + β = μ(1 − μ)/τ² − 1.
        double spread = 0;
        int reps = 0;
        for (Count c : counts) {
            if (c.trials() > 0) {
                double rate = (double) c.successes() / c.trials();
                spread += c.trials() * (rate - pooled) * (rate - pooled);
                reps++;
            }
        }
        double variance = pooled * (1 - pooled);
        double tau2 = totalTrials > reps ? (spread - reps * variance) / (totalTrials - reps) : 0;
        double strength = tau2 <= 0 ? MAX_STRENGTH
                : Math.min(MAX_STRENGTH, Math.max(MIN_STRENGTH, variance / tau2 - 1));
        return new Prior(pooled * strength, (1 - pooled) * strength);
    }
}
