package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.process.SalesProcess;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine learned from the history before an instant: the transition chain ({@link TransitionModel}), the
 * time-in-stage curves ({@link StageDwellTimes}), deal creation ({@link CreationRate}), won amounts
 * ({@link WonAmounts}), the stages deals open in, and each rep's latest team and region. Learning reads every fact
 * once; applying the model to open deals reads none, so a service can learn once and cache the model (it is
 * immutable and thread-safe; per-owner chains and timing curves are computed on first use and kept).
 *
 * <p>The learning window is [asOf - lookbackDays, asOf): exits, openings and wins in it are counted; stays still
 * going on at as-of are censored at as-of.
 *
 * <p>Recency ({@link ForecastSettings#halfLifeDays()}): each fact counts with the weight
 * {@link ForecastSettings#recencyWeight(double) 2^(-age / halfLife)}, its age the days from when it happened to
 * as-of: an exit (to a stage, won or lost) by its time, for the transition counts and the time-in-stage curves; a stay
 * censored at as-of weighs 1; an opening by its time, for creation rates, seasonality and the stages deals open in;
 * a win by its time, for won amounts and the won-amount ratio. Without decay every weight is exactly 1.
 */
public final class ForecastModel {

    /**
     * Names the model's mathematics; changes whenever a forecast from the same inputs could change (2: amounts
     * converted at their facts' dates, won amounts learned in the reporting currency).
     */
    public static final String VERSION = "pipeline-ledger-forecast/2 semi-markov(rep>team>company)+kaplan-meier+"
            + "seasonal-poisson+fx-at-fact-date";

    private static final double DAY_NANOS = 86_400e9;
    private static final int MAX_STEPS = 400;

    private final Instant asOf;
    private final Instant windowStart;
    private final ForecastSettings settings;
    private final List<String> stageIds;
    private final double[] baseline;
    private final TransitionModel transitions;
    private final StageDwellTimes dwellTimes;
    private final CreationRate creation;
    private final WonAmounts amounts;
    private final double[] openingStages;
    private final Map<String, Owner> repOwners;
    private final Map<String, Long> lastOpening;
    private final long dealsUsed;
    private final long factsUsed;
    private final long unconvertedWins;
    private final String currency;
    private final Map<Owner, double[]> winProbabilities = new ConcurrentHashMap<>();
    private final Map<TimingKey, WinTiming> timings = new ConcurrentHashMap<>();

    private record TimingKey(Owner owner, int step) {
    }

    private ForecastModel(Builder b) {
        this.asOf = b.asOf;
        this.windowStart = b.windowStart;
        this.settings = b.settings;
        this.stageIds = b.stageIds;
        this.baseline = b.baseline;
        this.transitions = b.transitions;
        this.dwellTimes = b.dwellTimes;
        this.creation = b.creation;
        this.amounts = b.amounts;
        this.openingStages = b.openingStages;
        this.repOwners = b.repOwners;
        this.lastOpening = b.lastOpening;
        this.dealsUsed = b.dealsUsed;
        this.factsUsed = b.factsUsed;
        this.unconvertedWins = b.unconvertedWins;
        this.currency = b.currency;
    }

    /** Learns from the facts that occurred strictly before {@code asOf}, every deal's amounts taken as they are. */
    public static ForecastModel learn(DealHistories deals, Instant asOf, SalesProcess process,
                                      ForecastSettings settings) {
        return learn(deals, asOf, process, settings, null);
    }

    /**
     * Learns from the facts that occurred strictly before {@code asOf}; won amounts are converted into
     * {@code toReporting}'s currency at each win's date (a win without a rate that day is left out of the amounts
     * learned, not of the chain or timing). Null: amounts taken as they are.
     */
    static ForecastModel learn(DealHistories deals, Instant asOf, SalesProcess process, ForecastSettings settings,
                               Conversion toReporting) {
        StageMap stages = new StageMap(process, deals);
        int k = stages.size();
        long cut = DealHistory.nanos(asOf);
        long windowStart = cut - (long) settings.lookbackDays() * 86_400_000_000_000L;
        double[] baseline = new double[k];
        List<String> stageIds = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            baseline[s] = stages.baselineProbability(s);
            stageIds.add(stages.stageId(s).value());
        }
        TransitionModel transitions = new TransitionModel(baseline, settings.repStrength(), settings.teamStrength(),
                settings.processPriorStrength());
        StageDwellTimes.Builder dwell = new StageDwellTimes.Builder(k);
        CreationRate.Builder creation = new CreationRate.Builder(windowStart, cut, settings.halfLifeDays());
        WonAmounts.Builder amounts = new WonAmounts.Builder();
        double[] openingStages = new double[k];
        Map<String, Owner> repOwners = new HashMap<>();
        Map<String, Long> repOwnedAt = new HashMap<>();
        Map<String, Long> lastOpening = new HashMap<>();
        long[] unconvertedWins = {0};

        DealReplay.Sink sink = new DealReplay.Sink() {
            @Override
            public void visit(int stage, long entered, long end, int exit, int owner) {
                Owner o = deals.owner(owner);
                double days = Math.max(0, (end - entered) / DAY_NANOS);
                if (exit == DealReplay.CENSORED) {
                    dwell.add(o.teamId(), stage, days, false);
                } else if (end >= windowStart) {
                    int to = exit >= 0 ? exit : exit == DealReplay.WON ? transitions.won() : transitions.lost();
                    double w = weightAt(end);
                    transitions.count(o.repId(), o.teamId(), stage, to, w);
                    dwell.add(o.teamId(), stage, days, true, w);
                }
            }

            @Override
            public void opened(int stage, long at, int owner) {
                String rep = deals.owner(owner).repId();
                creation.opened(rep, at);
                lastOpening.merge(rep, at, Math::max);
                if (at >= windowStart) {
                    openingStages[stage] += weightAt(at);
                }
            }

            @Override
            public void won(long at, int owner, double wonAmount, double amountBefore, int currency) {
                if (at < windowStart) {
                    return;
                }
                double f = toReporting == null ? 1 : toReporting.factor(deals.currency(currency),
                        LocalDate.ofEpochDay(Math.floorDiv(at, 86_400_000_000_000L)));
                if (Double.isNaN(f)) {
                    unconvertedWins[0]++;
                    return;
                }
                Owner o = deals.owner(owner);
                amounts.won(o.repId(), o.teamId(), wonAmount * f, amountBefore * f, weightAt(at));
            }

            /** The recency weight of a fact that happened at {@code at} (nanos), aged to as-of. */
            private double weightAt(long at) {
                return settings.recencyWeight((cut - at) / DAY_NANOS);
            }

            @Override
            public void owned(long at, int owner) {
                Owner o = deals.owner(owner);
                Long previous = repOwnedAt.get(o.repId());
                if (previous == null || at >= previous) {
                    repOwnedAt.put(o.repId(), at);
                    repOwners.put(o.repId(), o);
                }
            }
        };

        long dealsUsed = 0;
        long factsUsed = 0;
        for (DealHistory deal : deals.deals()) {
            int n = deal.countBefore(cut);
            if (n == 0) {
                continue;
            }
            factsUsed += n;
            if (DealReplay.replay(deal, cut, deals, stages, sink) != null) {
                dealsUsed++;
            }
        }
        Map<String, String> repTeams = new HashMap<>();
        repOwners.forEach((rep, owner) -> repTeams.put(rep, owner.teamId()));
        double[] fallbackDays = new double[k];
        Arrays.fill(fallbackDays, 14);
        openingStages[0] += 1e-9; // a ledger without openings still opens deals somewhere

        Builder b = new Builder();
        b.asOf = asOf;
        b.windowStart = DealHistory.instant(windowStart);
        b.settings = settings;
        b.stageIds = List.copyOf(stageIds);
        b.baseline = baseline;
        b.transitions = transitions;
        b.dwellTimes = dwell.build(settings.dwellMinExits(), fallbackDays);
        b.creation = creation.build(repTeams, settings.seasonalityStrength(), settings.rateStrengthDays());
        b.amounts = amounts.build(settings.amountStrength());
        b.openingStages = normalize(openingStages);
        b.repOwners = Map.copyOf(repOwners);
        b.lastOpening = Map.copyOf(lastOpening);
        b.dealsUsed = dealsUsed;
        b.factsUsed = factsUsed;
        b.unconvertedWins = unconvertedWins[0];
        b.currency = toReporting == null ? null : toReporting.currency();
        return new ForecastModel(b);
    }

    /** P(the deal is eventually won | owned by {@code owner}, now in open stage {@code stage}). */
    public double winProbability(Owner owner, int stage) {
        return chain(owner)[stage];
    }

    /**
     * P(the deal is won at an instant in [from, to) | owned by {@code owner}, in {@code stage} since
     * {@code enteredAt}, still open at {@code asOf}). Zero when {@code to} is not after {@code asOf}.
     */
    public double winProbabilityBetween(Owner owner, int stage, Instant enteredAt, Instant asOf, Instant from,
                                        Instant to) {
        double end = days(asOf, to);
        if (end <= 0) {
            return 0;
        }
        double start = Math.max(0, days(asOf, from));
        WinTiming timing = timing(owner, end);
        double age = Math.max(0, days(enteredAt, asOf));
        int step = timing.step();
        double p = timing.fromAge(stage, age, (int) Math.round(end / step));
        if (start > 0) {
            p -= timing.fromAge(stage, age, (int) Math.round(start / step));
        }
        return Math.max(0, Math.min(p, winProbability(owner, stage)));
    }

    /** Reps still opening deals as of {@code at}: their latest opening is at most activeRepDays old. */
    public List<Owner> activeReps(Instant at) {
        long limit = DealHistory.nanos(at) - (long) settings.activeRepDays() * 86_400_000_000_000L;
        List<Owner> active = new ArrayList<>();
        lastOpening.forEach((rep, last) -> {
            if (last >= limit && repOwners.containsKey(rep)) {
                active.add(repOwners.get(rep));
            }
        });
        active.sort(Comparator.comparing(Owner::repId));
        return active;
    }

    /** The rep's deals not opened yet that will be won in [from, to), opening between {@code asOf} and {@code to}. */
    public NewDealTerm newDeals(Owner rep, Instant asOf, Instant from, Instant to) {
        CreationRate.RepRate rate = creation.rep(rep.repId());
        double mean = amounts.repMean(rep.repId(), rep.teamId());
        double end = days(asOf, to);
        if (rate == null || end <= 0) {
            return new NewDealTerm(rep.repId(), rep.teamId(), rep.regionId(), rate == null ? 0 : rate.ratePerDay(),
                    Math.max(0, end), 0, 0, mean, 0, 0);
        }
        double start = Math.max(0, days(asOf, from));
        WinTiming timing = timing(rep, end);
        double step = timing.step();
        double openings = 0;
        double wins = 0;
        for (double x = 0; x < end; x += step) {
            double width = Math.min(step, end - x);
            double mid = x + width / 2;
            Instant at = asOf.plusSeconds((long) (mid * 86_400));
            double opened = rate.ratePerDay() * width
                    * creation.seasonalFactor(LocalDate.ofInstant(at, ZoneOffset.UTC).getMonthValue());
            double p = fromOpening(timing, (end - mid) / step) - fromOpening(timing, (start - mid) / step);
            openings += opened;
            wins += opened * Math.max(0, p);
        }
        double share = openings > 0 ? wins / openings : 0;
        return new NewDealTerm(rep.repId(), rep.teamId(), rep.regionId(), rate.ratePerDay(), end, openings, share,
                mean, wins, wins * mean);
    }

    /** P(win within {@code steps} (fractional) steps of opening), over the stages deals open in. */
    private double fromOpening(WinTiming timing, double steps) {
        if (steps <= 0) {
            return 0;
        }
        int lo = (int) Math.floor(steps);
        double f = steps - lo;
        double p = 0;
        for (int s = 0; s < openingStages.length; s++) {
            if (openingStages[s] > 0) {
                p += openingStages[s] * ((1 - f) * timing.fromEntry(s, lo) + f * timing.fromEntry(s, lo + 1));
            }
        }
        return p;
    }

    private double[] chain(Owner owner) {
        return winProbabilities.computeIfAbsent(owner,
                key -> TransitionModel.winProbabilities(transitions.repRows(owner.repId(), owner.teamId())));
    }

    /** The owner's timing curves on a grid fine enough (1 day up to 400 days, coarser beyond) for the horizon. */
    private WinTiming timing(Owner owner, double horizonDays) {
        int step = 1;
        while (horizonDays / step > MAX_STEPS) {
            step *= 2;
        }
        int needed = (int) Math.ceil(horizonDays / step) + 2;
        TimingKey key = new TimingKey(owner, step);
        WinTiming cached = timings.get(key);
        if (cached != null && cached.length() >= needed) {
            return cached;
        }
        int s = step;
        return timings.compute(key, (k, current) -> {
            if (current != null && current.length() >= needed) {
                return current;
            }
            int length = Math.max(needed, current == null ? 96 : 2 * current.length());
            DwellCurve[] curves = new DwellCurve[stageIds.size()];
            for (int stage = 0; stage < curves.length; stage++) {
                curves[stage] = dwellTimes.curve(owner.teamId(), stage);
            }
            return new WinTiming(transitions.repRows(owner.repId(), owner.teamId()), curves, s,
                    Math.min(length, MAX_STEPS + 2));
        });
    }

    private static double days(Instant from, Instant to) {
        return (DealHistory.nanos(to) - DealHistory.nanos(from)) / DAY_NANOS;
    }

    private static double[] normalize(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] p = new double[weights.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = weights[i] / sum;
        }
        return p;
    }

    public Instant asOf() {
        return asOf;
    }

    public Instant windowStart() {
        return windowStart;
    }

    public ForecastSettings settings() {
        return settings;
    }

    /** The open stages, in process order: the chain's transient states. */
    public List<String> stageIds() {
        return stageIds;
    }

    public double baselineProbability(int stage) {
        return baseline[stage];
    }

    public TransitionModel transitions() {
        return transitions;
    }

    public StageDwellTimes dwellTimes() {
        return dwellTimes;
    }

    public CreationRate creationRate() {
        return creation;
    }

    public WonAmounts wonAmounts() {
        return amounts;
    }

    /** Deals opened before as-of. */
    public long dealsUsed() {
        return dealsUsed;
    }

    /** Facts that occurred before as-of (all read; those in the window counted). */
    public long factsUsed() {
        return factsUsed;
    }

    /** The currency won amounts were learned in; null when they were taken as they are. */
    public String currency() {
        return currency;
    }

    /** Wins in the window left out of the amounts learned: no rate to {@link #currency()} at their date. */
    public long unconvertedWins() {
        return unconvertedWins;
    }

    private static final class Builder {
        Instant asOf;
        Instant windowStart;
        ForecastSettings settings;
        List<String> stageIds;
        double[] baseline;
        TransitionModel transitions;
        StageDwellTimes dwellTimes;
        CreationRate creation;
        WonAmounts amounts;
        double[] openingStages;
        Map<String, Owner> repOwners;
        Map<String, Long> lastOpening;
        long dealsUsed;
        long factsUsed;
        long unconvertedWins;
        String currency;
    }
}
