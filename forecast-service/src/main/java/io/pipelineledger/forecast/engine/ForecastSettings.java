package io.pipelineledger.forecast.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's parameters. Every value is echoed in a forecast's provenance. Strengths are pseudo-counts: how many
 * observations' worth of weight the higher level's estimate gets when a lower level's estimate is formed.
 *
 * @param simulations           Monte Carlo draws of the period total behind P10/P50/P90
 * @param seed                  seed of the draws (each deal's stream derives from it and the opportunity id)
 * @param lookbackDays          how far before as-of the model learns from (transitions, stays, openings, wins)
 * @param repStrength           pseudo-transitions per stage pulling a rep's transition row toward the team's
 * @param teamStrength          pseudo-transitions per stage pulling a team's row toward the company's
 * @param processPriorStrength  pseudo-transitions per stage pulling the company's row toward a chain that reproduces
 *                              the process's fixed stage probabilities (matters only with almost no history)
 * @param dwellMinExits         a team's own time-in-stage curve is used once it has this many exits from the stage;
 *                              below that, the company's
 * @param rateStrengthDays      pseudo rep-days of exposure pulling a rep's deal-creation rate toward the team's
 *                              per-rep rate (and a team's toward the company's)
 * @param seasonalityStrength   pseudo openings pulling each month-of-year factor toward 1
 * @param amountStrength        pseudo won deals pulling a rep's mean won amount toward the team's (team toward
 *                              company)
 * @param activeRepDays         a rep forecasts deals not opened yet while their latest opening is this recent
 * @param commitThreshold       without a CRM-set category, a deal whose win probability is at least this is COMMIT
 * @param bestCaseThreshold     ... at least this (and below commit) is BEST_CASE; below, PIPELINE
 * @param applyWonAmountRatio   scale open deals' amounts by the learned ratio of won amounts to the amounts just
 *                              before the win (discounting at signature), in the learned method
 * @param rateDispersion        squared coefficient of variation of the new-deal creation rate between periods
 *                              (gamma mixing of the Poisson count: parameter and seasonal uncertainty; 0 = Poisson)
 * @param halfLifeDays          recency: a fact this many days before as-of weighs half as much as one at as-of in
 *                              every learned quantity (infinite: all facts in the window weigh the same)
 */
public record ForecastSettings(int simulations, long seed, int lookbackDays, double repStrength, double teamStrength,
                               double processPriorStrength, int dwellMinExits, double rateStrengthDays,
                               double seasonalityStrength, double amountStrength, int activeRepDays,
                               double commitThreshold, double bestCaseThreshold, boolean applyWonAmountRatio,
                               double rateDispersion, double halfLifeDays) {

    public ForecastSettings {
        if (!(halfLifeDays > 0)) {
            throw new IllegalArgumentException("halfLifeDays must be positive (infinite: no decay)");
        }
        if (simulations < 10) {
            throw new IllegalArgumentException("simulations must be at least 10");
        }
        if (lookbackDays < 1) {
            throw new IllegalArgumentException("lookbackDays must be positive");
        }
        if (!(bestCaseThreshold <= commitThreshold)) {
            throw new IllegalArgumentException("bestCaseThreshold must not exceed commitThreshold");
        }
    }

    public static ForecastSettings defaults() {
        return new ForecastSettings(1_000, 20_260_101L, 730, 20, 50, 2, 40, 60, 30, 5, 120, 0.7, 0.4, true,
                0.02, Double.POSITIVE_INFINITY);
    }

    public ForecastSettings withSimulations(int n) {
        return new ForecastSettings(n, seed, lookbackDays, repStrength, teamStrength, processPriorStrength,
                dwellMinExits, rateStrengthDays, seasonalityStrength, amountStrength, activeRepDays, commitThreshold,
                bestCaseThreshold, applyWonAmountRatio, rateDispersion, halfLifeDays);
    }

    public ForecastSettings withSeed(long s) {
        return new ForecastSettings(simulations, s, lookbackDays, repStrength, teamStrength, processPriorStrength,
                dwellMinExits, rateStrengthDays, seasonalityStrength, amountStrength, activeRepDays, commitThreshold,
                bestCaseThreshold, applyWonAmountRatio, rateDispersion, halfLifeDays);
    }

    public ForecastSettings withShrinkage(double rep, double team) {
        return new ForecastSettings(simulations, seed, lookbackDays, rep, team, processPriorStrength,
                dwellMinExits, rateStrengthDays, seasonalityStrength, amountStrength, activeRepDays, commitThreshold,
                bestCaseThreshold, applyWonAmountRatio, rateDispersion, halfLifeDays);
    }

    public ForecastSettings withThresholds(double commit, double bestCase) {
        return new ForecastSettings(simulations, seed, lookbackDays, repStrength, teamStrength, processPriorStrength,
                dwellMinExits, rateStrengthDays, seasonalityStrength, amountStrength, activeRepDays, commit,
                bestCase, applyWonAmountRatio, rateDispersion, halfLifeDays);
    }

    public ForecastSettings withRateDispersion(double rate) {
        return new ForecastSettings(simulations, seed, lookbackDays, repStrength, teamStrength, processPriorStrength,
                dwellMinExits, rateStrengthDays, seasonalityStrength, amountStrength, activeRepDays, commitThreshold,
                bestCaseThreshold, applyWonAmountRatio, rate, halfLifeDays);
    }

    public ForecastSettings withHalfLife(double days) {
        return new ForecastSettings(simulations, seed, lookbackDays, repStrength, teamStrength, processPriorStrength,
                dwellMinExits, rateStrengthDays, seasonalityStrength, amountStrength, activeRepDays, commitThreshold,
                bestCaseThreshold, applyWonAmountRatio, rateDispersion, days);
    }

    /** The weight of a fact {@code ageDays} before as-of: 2^(-age / half-life); 1 without decay. */
    public double recencyWeight(double ageDays) {
        return Double.isInfinite(halfLifeDays) ? 1 : Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
    }

    /** The values by name, in declaration order, for provenance. */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("simulations", Integer.toString(simulations));
        p.put("seed", Long.toString(seed));
        p.put("lookbackDays", Integer.toString(lookbackDays));
        p.put("repStrength", Double.toString(repStrength));
        p.put("teamStrength", Double.toString(teamStrength));
        p.put("processPriorStrength", Double.toString(processPriorStrength));
        p.put("dwellMinExits", Integer.toString(dwellMinExits));
        p.put("rateStrengthDays", Double.toString(rateStrengthDays));
        p.put("seasonalityStrength", Double.toString(seasonalityStrength));
        p.put("amountStrength", Double.toString(amountStrength));
        p.put("activeRepDays", Integer.toString(activeRepDays));
        p.put("commitThreshold", Double.toString(commitThreshold));
        p.put("bestCaseThreshold", Double.toString(bestCaseThreshold));
        p.put("applyWonAmountRatio", Boolean.toString(applyWonAmountRatio));
        p.put("rateDispersion", Double.toString(rateDispersion));
        p.put("halfLifeDays", Double.isInfinite(halfLifeDays) ? "none" : Double.toString(halfLifeDays));
        return p;
    }
}
