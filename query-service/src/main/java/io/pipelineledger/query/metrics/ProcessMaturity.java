package io.pipelineledger.query.metrics;

import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.query.metrics.BetaBinomialShrinkage.Count;
import io.pipelineledger.query.metrics.BetaBinomialShrinkage.Prior;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Process maturity, level 1 to 4 (anarchy & luck, hope & intention, controls & errors, dynamic process), decided
 * from measured evidence rather than asserted: how often advances have every required exit criterion met, how
 * often stages are skipped, how widely reps' (shrunk) win rates spread, and how many reps follow the process.
 * A level is reached when all of its thresholds hold (and those of the levels below).
 */
public final class ProcessMaturity {

    /** Reps need this many judged advances (or closed deals) before their figures count as evidence. */
    static final int MIN_SAMPLE = 5;

    public record Evidence(Double adherence, Double skipRate, Double winRateSpread, Double repsFollowingProcess,
                           long judgedAdvances, int repsMeasured) {
    }

    /** One threshold of one level, and whether the evidence meets it. */
    public record Check(int level, String measure, String comparison, double threshold, Double value, boolean met) {
    }

    public record Assessment(int level, String name, Evidence evidence, List<Check> checks) {
    }

    private static final String[] NAMES = {"", "Anarchy & luck", "Hope & intention", "Controls & errors",
            "Dynamic process"};

    private ProcessMaturity() {
    }

    public static Assessment assess(List<StageVisit> visits, SalesProcess process) {
        Scorecard.Habits all = Scorecard.habits(visits, process);
        Map<String, List<StageVisit>> byRep = new TreeMap<>();
        visits.stream().filter(v -> v.rep() != null)
                .forEach(v -> byRep.computeIfAbsent(v.rep().value(), k -> new ArrayList<>()).add(v));
        List<Double> repAdherence = new ArrayList<>();
        List<Count> repWins = new ArrayList<>();
        byRep.values().forEach(repVisits -> {
            Scorecard.Habits habits = Scorecard.habits(repVisits, process);
            if (habits.judgedAdvances() >= MIN_SAMPLE) {
                repAdherence.add(habits.adherence());
            }
            Count deals = Scorecard.dealWins(repVisits);
            if (deals.trials() >= MIN_SAMPLE) {
                repWins.add(deals);
            }
        });
        Evidence evidence = new Evidence(all.adherence(), all.skipRate(), spread(repWins),
                repAdherence.isEmpty() ? null
                        : repAdherence.stream().filter(a -> a >= 0.7).count() / (double) repAdherence.size(),
                all.judgedAdvances(), byRep.size());

        List<Check> checks = List.of(
                atLeast(2, "adherence", 0.30, evidence.adherence()),
                atLeast(3, "adherence", 0.65, evidence.adherence()),
                atMost(3, "skipRate", 0.15, evidence.skipRate()),
                atLeast(3, "repsFollowingProcess", 0.60, evidence.repsFollowingProcess()),
                atLeast(4, "adherence", 0.85, evidence.adherence()),
                atMost(4, "skipRate", 0.05, evidence.skipRate()),
                atMost(4, "winRateSpread", 0.25, evidence.winRateSpread()),
                atLeast(4, "repsFollowingProcess", 0.85, evidence.repsFollowingProcess()));
        int level = 1;
        for (int candidate = 2; candidate <= 4; candidate++) {
            int l = candidate;
            if (checks.stream().filter(c -> c.level() == l).allMatch(Check::met)) {
                level = candidate;
            } else {
                break;
            }
        }
        return new Assessment(level, NAMES[level], evidence, checks);
    }

    /** Coefficient of variation (standard deviation ÷ mean) of reps' win rates shrunk toward the group. */
    static Double spread(List<Count> repWins) {
        Prior prior = BetaBinomialShrinkage.fit(repWins);
        if (prior == null || repWins.size() < 2) {
            return null;
        }
        double[] rates = repWins.stream().mapToDouble(prior::shrink).toArray();
        double mean = Arrays.stream(rates).average().orElse(0);
        double variance = Arrays.stream(rates).map(r -> (r - mean) * (r - mean)).sum() / (rates.length - 1);
        return mean == 0 ? null : Math.sqrt(variance) / mean;
    }

    private static Check atLeast(int level, String measure, double threshold, Double value) {
        return new Check(level, measure, ">=", threshold, value, value != null && value >= threshold);
    }

    private static Check atMost(int level, String measure, double threshold, Double value) {
        return new Check(level, measure, "<=", threshold, value, value != null && value <= threshold);
    }
}
