package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.stats.Percentiles;
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
        // groups by index (a read model resolves its owners to indices once per request, not a hash per visit);
        // periods hashed while adding, sorted once for the result
        private final Map<String, Integer> groupIndex = new HashMap<>();
        private final List<String> groupNames = new ArrayList<>();
        private final List<Map<String, Tally>> tallies = new ArrayList<>();
        /** Without an interval, each group's one tally: an array read per visit, no map lookups (the hot path). */
        private Tally[] whole = new Tally[16];
        private final Map<Long, String> periodOfDay = new HashMap<>();
        private int lastGroup = -1;
        private String lastPeriod;
        private Tally lastTally;

        public Accumulator(SalesProcess process, BusinessPeriod.Granularity interval, Instant from, Instant to) {
            this.process = process;
            this.interval = interval;
            this.from = from == null ? Long.MIN_VALUE : from.toEpochMilli();
            this.to = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        }

        /** The index {@link #add(int, int, long, long, StageVisit.Exit, StageVisit.Outcome, long)} takes for a group. */
        public int group(String name) {
            return groupIndex.computeIfAbsent(name, n -> {
                groupNames.add(n);
                tallies.add(new HashMap<>());
                if (whole.length < groupNames.size()) {
                    whole = Arrays.copyOf(whole, whole.length * 2);
                }
                return groupNames.size() - 1;
            });
        }

        /** As {@link #add(int, int, long, long, StageVisit.Exit, StageVisit.Outcome, long)}, by group name. */
        public void add(String group, int stage, long enteredAt, long exitedAt, StageVisit.Exit exit,
                        StageVisit.Outcome outcome, long runStartedAt) {
            if (group != null) {
                add(group(group), stage, enteredAt, exitedAt, exit, outcome, runStartedAt);
            }
        }

        /**
         * One visit of stage number {@code stage} (in process order; negative: not in the process) by group number
         * {@code group} (from {@link #group}; negative: left out), times in epoch milliseconds, {@code exitedAt}
         * {@link #NONE} while there.
         */
        public void add(int group, int stage, long enteredAt, long exitedAt, StageVisit.Exit exit,
                        StageVisit.Outcome outcome, long runStartedAt) {
            if (group < 0 || stage < 0) {
                return;
            }
            if (enteredAt >= from && enteredAt < to) {
                tally(group, enteredAt).stages[stage].add(enteredAt, exitedAt, exit, outcome);
            }
            if (exit == StageVisit.Exit.WON && runStartedAt >= from && runStartedAt < to) {
                tally(group, runStartedAt).cycleDays.add((exitedAt - runStartedAt) / MILLIS_PER_DAY);
            }
        }

        private Tally tally(int group, long at) {
            if (interval == null) {
                Tally tally = whole[group];
                if (tally == null) {
                    tally = new Tally(process.stages().size());
                    whole[group] = tally;
                    tallies.get(group).put("", tally);
                }
                return tally;
            }
            String period = periodOfDay.computeIfAbsent(Math.floorDiv(at, 86_400_000L),
                    day -> BusinessPeriod.containing(Instant.ofEpochMilli(at), interval).key());
            // a deal's visits come one after another and mostly share a group and period: skip the lookups
            if (group == lastGroup && period.equals(lastPeriod)) {
                return lastTally;
            }
            lastGroup = group;
            lastPeriod = period;
            lastTally = tallies.get(group).computeIfAbsent(period, p -> new Tally(process.stages().size()));
            return lastTally;
        }

        public List<GroupStats> result() {
            Map<String, Map<String, Tally>> byName = new TreeMap<>();
            for (int g = 0; g < groupNames.size(); g++) {
                if (!tallies.get(g).isEmpty()) {
                    byName.put(groupNames.get(g), tallies.get(g));
                }
            }
            List<GroupStats> result = new ArrayList<>();
            byName.forEach((key, byPeriod) -> new TreeMap<>(byPeriod).forEach((period, tally) -> {
                List<StageStats> stages = new ArrayList<>(tally.stages.length);
                for (int i = 0; i < tally.stages.length; i++) {
                    stages.add(tally.stages[i].stats(process.stages().get(i).id()));
                }
                result.add(new GroupStats(key, period.isEmpty() ? null : period, stages, tally.cycleDays.size(),
                        tally.cycleDays.percentile(0.5)));
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
            double[] medianAndP90 = days.percentiles(0.5, 0.9);
            return new StageStats(stage, entered, advanced, won, lost, open,
                    exited == 0 ? null : (double) advanced / exited,
                    won + lost == 0 ? null : (double) won / (won + lost),
                    days.size() == 0 ? null : medianAndP90[0], days.size() == 0 ? null : medianAndP90[1]);
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

        int size() {
            return size;
        }

        /** The percentiles {@code ps} (ascending) of the values ({@link Percentiles}); reorders them. */
        double[] percentiles(double... ps) {
            return Percentiles.select(values, size, ps);
        }

        /** One percentile; null for no values. */
        Double percentile(double p) {
            return size == 0 ? null : percentiles(p)[0];
        }
    }
}
