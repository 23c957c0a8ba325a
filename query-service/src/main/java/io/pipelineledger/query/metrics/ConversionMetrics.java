package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.SalesProcess;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Stage conversion per group (rep, team, region or all) from stage visits: for every stage of the process, how
 * many visits entered it (in the window, by entry time), how many moved forward, how the deals ended, and how long
 * the stays lasted; and per group the cycle time of the deals it won. Plain arithmetic, no framework: the one
 * place these definitions live (docs/METRICS.md).
 */
public final class ConversionMetrics {

    /** One group's figures, optionally for one period of stage entry; stages in process order. */
    public record GroupStats(String group, String period, List<StageStats> stages, long wonDeals,
                             Double medianCycleDays) {
    }

    private ConversionMetrics() {
    }

    /**
     * Figures per group (and per period of entry when {@code interval} is given), sorted by group then period.
     * {@code from}/{@code to} (either null) bound entry time, half-open; visits whose group is null are left out.
     */
    public static List<GroupStats> byGroup(Iterable<StageVisit> visits, Function<StageVisit, String> group,
                                           BusinessPeriod.Granularity interval, SalesProcess process,
                                           Instant from, Instant to) {
        Map<StageId, Integer> stageIndex = new HashMap<>();
        for (int i = 0; i < process.stages().size(); i++) {
            stageIndex.put(process.stages().get(i).id(), i);
        }
        Accumulator accumulator = new Accumulator(process, interval, from, to);
        for (StageVisit v : visits) {
            Integer index = stageIndex.get(v.stage());
            accumulator.add(group.apply(v), index == null ? -1 : index, v.enteredAt().toEpochMilli(),
                    v.exitedAt() == null ? NONE : v.exitedAt().toEpochMilli(), v.exit(), v.outcome(),
                    v.runStartedAt().toEpochMilli());
        }
        return accumulator.result();
    }

    /** Marks an absent time (a visit not left) in {@link Accumulator#add}. */
    public static final long NONE = Long.MIN_VALUE;
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    /**
     * Adds visits one at a time, as plain values (a read model scanning packed visits need not build objects), and
     * gives the figures per group and period.
     */
    public static final class Accumulator {
        private final SalesProcess process;
        private final BusinessPeriod.Granularity interval;
        private final long from;
        private final long to;
        // hashed while adding (a sorted map compared id strings on every visit), sorted once for the result
        private final Map<String, Map<String, Tally>> tallies = new HashMap<>();
        private final Map<Long, String> periodOfDay = new HashMap<>();

        public Accumulator(SalesProcess process, BusinessPeriod.Granularity interval, Instant from, Instant to) {
            this.process = process;
            this.interval = interval;
            this.from = from == null ? Long.MIN_VALUE : from.toEpochMilli();
            this.to = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        }

        /**
         * One visit of stage number {@code stage} (in process order; negative: not in the process) by
         * {@code group} (null: left out), times in epoch milliseconds, {@code exitedAt} {@link #NONE} while there.
         */
        public void add(String group, int stage, long enteredAt, long exitedAt, StageVisit.Exit exit,
                        StageVisit.Outcome outcome, long runStartedAt) {
            if (group == null || stage < 0) {
                return;
            }
            if (enteredAt >= from && enteredAt < to) {
                tally(group, enteredAt).stages[stage].add(enteredAt, exitedAt, exit, outcome);
            }
            if (exit == StageVisit.Exit.WON && runStartedAt >= from && runStartedAt < to) {
                tally(group, runStartedAt).cycleDays.add((exitedAt - runStartedAt) / MILLIS_PER_DAY);
            }
        }

        private Tally tally(String group, long at) {
            String period = interval == null ? "" : periodOfDay.computeIfAbsent(Math.floorDiv(at, 86_400_000L),
                    day -> BusinessPeriod.containing(Instant.ofEpochMilli(at), interval).key());
            // a deal's visits come one after another and mostly share a group and period: skip the lookups
            if (group.equals(lastGroup) && period.equals(lastPeriod)) {
                return lastTally;
            }
            lastGroup = group;
            lastPeriod = period;
            lastTally = tallies.computeIfAbsent(group, g -> new HashMap<>())
                    .computeIfAbsent(period, p -> new Tally(process.stages().size()));
            return lastTally;
        }

        private String lastGroup;
        private String lastPeriod;
        private Tally lastTally;

        public List<GroupStats> result() {
            List<GroupStats> result = new ArrayList<>();
            new TreeMap<>(tallies).forEach((key, byPeriod) -> new TreeMap<>(byPeriod).forEach((period, tally) -> {
                List<StageStats> stages = new ArrayList<>(tally.stages.length);
                for (int i = 0; i < tally.stages.length; i++) {
                    stages.add(tally.stages[i].stats(process.stages().get(i).id()));
                }
                double[] cycle = tally.cycleDays.sorted();
                result.add(new GroupStats(key, period.isEmpty() ? null : period, stages, cycle.length,
                        percentile(cycle, 0.5)));
            }));
            return result;
        }
    }

    /** A group's running counts. */
    private static final class Tally {
        final StageTally[] stages;
        final Doubles cycleDays = new Doubles();

        Tally(int stageCount) {
            stages = new StageTally[stageCount];
            Arrays.setAll(stages, i -> new StageTally());
        }
    }

    /** Counts of one stage's visits, and the days of those that left. */
    static final class StageTally {
        long entered;
        long advanced;
        long won;
        long lost;
        long open;
        final Doubles days = new Doubles();

        void add(long enteredAt, long exitedAt, StageVisit.Exit exit, StageVisit.Outcome outcome) {
            entered++;
            if (exitedAt != NONE) {
                days.add((exitedAt - enteredAt) / MILLIS_PER_DAY);
                advanced += exit.forward() ? 1 : 0;
            } else {
                open++;
            }
            won += outcome == StageVisit.Outcome.WON ? 1 : 0;
            lost += outcome == StageVisit.Outcome.LOST ? 1 : 0;
        }

        StageStats stats(StageId stage) {
            long exited = entered - open;
            double[] sorted = days.sorted();
            return new StageStats(stage, entered, advanced, won, lost, open,
                    exited == 0 ? null : (double) advanced / exited,
                    won + lost == 0 ? null : (double) won / (won + lost),
                    percentile(sorted, 0.5), percentile(sorted, 0.9));
        }
    }

    /** A growable array of doubles (no boxing: a busy group has hundreds of thousands of stays). */
    static final class Doubles {
        private double[] values = new double[8];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double[] sorted() {
            double[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
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
