package io.pipelineledger.query.metrics;

import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Stage conversion per group (rep, team, region or all) from stage visits: for every stage of the process, how
 * many visits entered it (in the period, by entry time), how many moved forward, how the deals ended, and how
 * long the stays lasted. Plain arithmetic, no framework: the one place these definitions live.
 */
public final class ConversionMetrics {

    private ConversionMetrics() {
    }

    /** Figures per group, groups in key order, stages in process order; from/to (either null) bound entry time. */
    public static Map<String, List<StageStats>> byGroup(List<StageVisit> visits, Function<StageVisit, String> group,
                                                        SalesProcess process, Instant from, Instant to) {
        Map<String, List<StageVisit>> grouped = new TreeMap<>();
        for (StageVisit visit : visits) {
            boolean inPeriod = (from == null || !visit.enteredAt().isBefore(from))
                    && (to == null || visit.enteredAt().isBefore(to));
            String key = group.apply(visit);
            if (inPeriod && key != null) {
                grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(visit);
            }
        }
        Map<String, List<StageStats>> result = new TreeMap<>();
        grouped.forEach((key, groupVisits) -> result.put(key, stages(groupVisits, process)));
        return result;
    }

    private static List<StageStats> stages(List<StageVisit> visits, SalesProcess process) {
        List<StageStats> stats = new ArrayList<>();
        for (StageDefinition stage : process.stages()) {
            stats.add(stage(visits.stream().filter(v -> v.stage().equals(stage.id())).toList(), stage));
        }
        return stats;
    }

    static StageStats stage(List<StageVisit> visits, StageDefinition stage) {
        long advanced = 0;
        long won = 0;
        long lost = 0;
        long open = 0;
        List<Double> days = new ArrayList<>();
        for (StageVisit visit : visits) {
            if (visit.exited()) {
                days.add(visit.daysInStage());
                advanced += visit.exit().forward() ? 1 : 0;
            } else {
                open++;
            }
            won += visit.outcome() == StageVisit.Outcome.WON ? 1 : 0;
            lost += visit.outcome() == StageVisit.Outcome.LOST ? 1 : 0;
        }
        long exited = visits.size() - open;
        double[] sorted = days.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new StageStats(stage.id(), visits.size(), advanced, won, lost, open,
                exited == 0 ? null : (double) advanced / exited,
                won + lost == 0 ? null : (double) won / (won + lost),
                percentile(sorted, 0.5), percentile(sorted, 0.9));
    }

    /**
     * The p-quantile of sorted values by linear interpolation between closest ranks (the common "type 7"
     * definition); null for no values.
     */
    public static Double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        double h = (sorted.length - 1) * p;
        int lower = (int) Math.floor(h);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
    }
}
