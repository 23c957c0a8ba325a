package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.money.ExchangeRates;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cohort yields learned as of an instant for windows of one length (the part of the asked period after as-of):
 * how much of the pipeline open at a past window's start was won inside the window, and how much value deals opened
 * inside a window won inside it, per day. Learned in the reporting currency; immutable and thread-safe.
 *
 * <p>Windows: the {@value #CONTIGUOUS} windows of that length ending at as-of, back to back, plus every window of
 * that length starting at a month start in the year before as-of and ending by as-of (so that there are enough).
 * A window starting {@code a} days before as-of weighs {@link ForecastSettings#recencyWeight}(a).
 *
 * <p>Open-pipeline yield, per stage and age-in-stage band (&lt;30 d, 30–90 d, ≥90 d at the window's start):
 * Σ weight × value won inside the window ÷ Σ weight × amount open at its start, of the deals open at the start.
 * The company's cell is shrunk toward the company's stage (all bands) with {@link ForecastSettings#processPriorStrength}
 * deals' worth of value, the stage toward the company's whole pipeline the same way; a team's cell toward the
 * company's with {@link ForecastSettings#teamStrength}, a rep's toward the team's with
 * {@link ForecastSettings#repStrength} deals' worth (a deal's worth: the mean open amount). The owner is the owner at
 * the window's start.
 *
 * <p>Creation-and-win yield: Σ weight × value won inside a window by deals opened inside it ÷ Σ weight × days of
 * exposure, where each rep active in a window (owning a deal open at its start or opening one inside it) is exposed
 * for the window's length; per rep, shrunk toward the team's per-rep figure and the team's toward the company's with
 * {@link ForecastSettings#rateStrengthDays} pseudo-days.
 */
public final class CohortYield {

    public static final String VERSION = "cohort-1";
    /** Back-to-back windows ending at as-of. */
    static final int CONTIGUOUS = 8;
    /** Month-start windows are taken from this far back (days). */
    static final int MONTH_STARTS_DAYS = 365;
    /** Upper bounds of the age-in-stage bands, in days: &lt;30, 30–90, ≥90. */
    static final double[] BAND_DAYS = {30, 90};
    static final int BANDS = BAND_DAYS.length + 1;
    private static final double DAY_SECONDS = 86_400;

    private final Instant asOf;
    private final double windowDays;
    private final List<Instant> windowStarts;
    private final int cells;                       // stage × band
    private final double[] companyCell;            // shrunk yield per cell
    private final double[] stageYield;             // shrunk company yield per stage (all bands)
    private final double companyYield;
    private final Map<String, double[]> teamCell;  // team id -> shrunk yield per cell
    private final Map<Owner, double[]> repCell;    // owner (rep, team, region) -> shrunk yield per cell
    private final double companyPerDay;            // creation-and-win value per rep-day
    private final Map<String, Double> teamPerDay;
    private final Map<String, Double> repPerDay;
    private final double meanNewWon;
    private final double logSigma;
    private final int newWins;
    private final double openValue;

    private CohortYield(Instant asOf, double windowDays, List<Instant> windowStarts, Sums all,
                        ForecastSettings settings) {
        this.asOf = asOf;
        this.windowDays = windowDays;
        this.windowStarts = windowStarts;
        this.cells = all.cells;
        int stages = cells / BANDS;
        // open-pipeline yields: the company's whole pipeline, stage, cell; then team, then rep
        double meanOpen = all.deals > 0 ? all.total[0] / all.deals : 0;
        this.companyYield = all.total[0] > 0 ? all.total[1] / all.total[0] : 0;
        this.openValue = all.total[0];
        double prior = settings.processPriorStrength() * meanOpen;
        this.stageYield = new double[stages];
        this.companyCell = new double[cells];
        for (int st = 0; st < stages; st++) {
            double[] v = all.stage[st];
            stageYield[st] = shrink(v[1], v[0], companyYield, prior);
        }
        for (int c = 0; c < cells; c++) {
            companyCell[c] = shrink(all.company[2 * c + 1], all.company[2 * c], stageYield[c / BANDS], prior);
        }
        double teamStrength = settings.teamStrength() * meanOpen;
        Map<String, double[]> teams = new HashMap<>();
        all.team.forEach((team, v) -> teams.put(team, shrunk(v, companyCell, teamStrength)));
        double repStrength = settings.repStrength() * meanOpen;
        Map<Owner, double[]> reps = new HashMap<>();
        all.rep.forEach((owner, v) -> reps.put(owner,
                shrunk(v, teams.getOrDefault(owner.teamId(), companyCell), repStrength)));
        this.teamCell = Map.copyOf(teams);
        this.repCell = Map.copyOf(reps);
        // creation-and-win value per rep-day: company, team, rep
        double k = settings.rateStrengthDays();
        this.companyPerDay = all.created[1] > 0 ? all.created[0] / all.created[1] : 0;
        Map<String, Double> teamRates = new HashMap<>();
        all.teamCreated.forEach((team, v) -> teamRates.put(team, shrink(v[0], v[1], companyPerDay, k)));
        Map<String, Double> repRates = new HashMap<>();
        all.repCreated.forEach((rep, v) -> repRates.put(rep, shrink(v[0], v[1],
                teamRates.getOrDefault(all.repTeam.get(rep), companyPerDay), k)));
        this.teamPerDay = Map.copyOf(teamRates);
        this.repPerDay = Map.copyOf(repRates);
        this.meanNewWon = all.wins > 0 ? all.wonSum / all.wins : 0;
        double sigma = 0;
        if (all.winCount >= 2) {
            double m = all.logSum / all.wins;
            sigma = Math.sqrt(Math.max(0, all.logSquares / all.wins - m * m));
        }
        this.logSigma = sigma;
        this.newWins = all.winCount;
    }

    /** Each cell of {@code sums} ({open, won} pairs) shrunk toward the parent's cell. */
    private static double[] shrunk(double[] sums, double[] parent, double strength) {
        double[] y = new double[parent.length];
        for (int c = 0; c < y.length; c++) {
            y[c] = shrink(sums[2 * c + 1], sums[2 * c], parent[c], strength);
        }
        return y;
    }

    /** The window length, in seconds, for a forecast of {@code period} as of {@code asOf}: the period after as-of. */
    static long windowSeconds(io.pipelineledger.events.period.BusinessPeriod period, Instant asOf) {
        Instant from = asOf.isAfter(period.start()) ? asOf : period.start();
        return Math.max(0, Duration.between(from, period.end()).getSeconds());
    }

    /** The age-in-stage band of a deal {@code ageDays} in its stage. */
    static int band(double ageDays) {
        int b = 0;
        while (b < BAND_DAYS.length && ageDays >= BAND_DAYS[b]) {
            b++;
        }
        return b;
    }

    /** The weighted sums over every window (weights applied as they are added, in deal then window order). */
    private static final class Sums {
        final int cells;
        final double[] total = new double[2];      // {open value, won value}
        final double[][] stage;
        final double[] company;                    // {open, won} per cell
        final Map<String, double[]> team = new HashMap<>();
        final Map<Owner, double[]> rep = new HashMap<>();
        final double[] created = new double[2];    // {won value, exposure rep-days}
        final Map<String, double[]> teamCreated = new HashMap<>();
        final Map<String, double[]> repCreated = new HashMap<>();
        final Map<String, String> repTeam = new HashMap<>();
        final List<Map<String, Owner>> active = new ArrayList<>(); // per window: reps active in it
        double deals;        // weighted count of open deals (for the mean open amount)
        double wins;         // weighted count of creation-and-win deals
        double wonSum;
        double logSum;
        double logSquares;
        int winCount;

        Sums(int stages, int windows) {
            cells = stages * BANDS;
            stage = new double[stages][2];
            company = new double[2 * cells];
            for (int i = 0; i < windows; i++) {
                active.add(new LinkedHashMap<>());
            }
        }

        /** A deal open at window {@code x}'s start, at weight {@code w}, in each level's cell. */
        void addOpen(int x, int cell, double open, double won, Owner o, double w) {
            deals += w;
            total[0] += w * open;
            total[1] += w * won;
            stage[cell / BANDS][0] += w * open;
            stage[cell / BANDS][1] += w * won;
            add(company, cell, w * open, w * won);
            add(team.computeIfAbsent(o.teamId(), k -> new double[2 * cells]), cell, w * open, w * won);
            add(rep.computeIfAbsent(o, k -> new double[2 * cells]), cell, w * open, w * won);
            active.get(x).putIfAbsent(o.repId(), o);
        }

        private static void add(double[] sums, int cell, double open, double won) {
            sums[2 * cell] += open;
            sums[2 * cell + 1] += won;
        }

        /** A deal opened and won inside window {@code x}, by {@code o}. */
        void addCreatedWin(int x, Owner o, double won, double w) {
            active.get(x).putIfAbsent(o.repId(), o);
            created[0] += w * won;
            teamCreated.computeIfAbsent(o.teamId(), k -> new double[2])[0] += w * won;
            repCreated.computeIfAbsent(o.repId(), k -> new double[2])[0] += w * won;
            repTeam.putIfAbsent(o.repId(), o.teamId());
            wins += w;
            winCount++;
            wonSum += w * won;
            double l = Math.log(won);
            logSum += w * l;
            logSquares += w * l * l;
        }

        /** Each rep active in window {@code x} is exposed for its {@code days} at weight {@code w}. */
        void expose(int x, double days, double w) {
            for (Owner o : active.get(x).values()) {
                created[1] += w * days;
                teamCreated.computeIfAbsent(o.teamId(), k -> new double[2])[1] += w * days;
                repCreated.computeIfAbsent(o.repId(), k -> new double[2])[1] += w * days;
                repTeam.putIfAbsent(o.repId(), o.teamId());
            }
        }
    }

    /**
     * Learns from the facts before {@code asOf} ({@code now}: the deals as of it, read by {@code engine}) for windows
     * of {@code windowSeconds}: one pass over each deal's facts takes its state at every window start.
     */
    static CohortYield learn(ForecastEngine engine, DealHistories deals, DealStates now, Instant asOf,
                             long windowSeconds) {
        ForecastSettings settings = engine.settings();
        double days = windowSeconds / DAY_SECONDS;
        List<Instant> starts = windowStarts(asOf, windowSeconds);
        int w = starts.size();
        long[] cuts = new long[w];
        long[] ends = new long[w];
        double[] weights = new double[w];
        for (int i = 0; i < w; i++) {
            cuts[i] = DealHistory.nanos(starts.get(i));
            ends[i] = DealHistory.nanos(starts.get(i).plusSeconds(windowSeconds));
            weights[i] = settings.recencyWeight(Duration.between(starts.get(i), asOf).getSeconds() / DAY_SECONDS);
        }
        StageMap stages = engine.stageMap(deals);
        Sums all = new Sums(stages.size(), w);
        Conversion conversion = engine.conversion(engine.reportingCurrency());
        long cut = DealHistory.nanos(asOf);
        for (DealHistory deal : deals.deals()) {
            scan(deal, deal.countBefore(cut), cuts, ends, weights, deals, stages, conversion, all);
        }
        for (int i = 0; i < w; i++) {
            all.expose(i, days, weights[i]);
        }
        return new CohortYield(asOf, days, List.copyOf(starts), all, settings);
    }

    /** (won + strength × parent) ÷ (exposure + strength); the parent when there is neither. */
    private static double shrink(double won, double exposure, double parent, double strength) {
        return exposure + strength > 0 ? (won + strength * parent) / (exposure + strength) : parent;
    }

    /** Window starts, oldest first, of windows of {@code seconds} ending by {@code asOf}. */
    static List<Instant> windowStarts(Instant asOf, long seconds) {
        TreeSet<Instant> starts = new TreeSet<>();
        if (seconds <= 0) {
            return List.of();
        }
        for (int k = 1; k <= CONTIGUOUS; k++) {
            starts.add(asOf.minusSeconds(k * seconds));
        }
        LocalDate first = LocalDate.ofInstant(asOf.minus(Duration.ofDays(MONTH_STARTS_DAYS)), ZoneOffset.UTC)
                .withDayOfMonth(1);
        for (LocalDate m = first; ; m = m.plusMonths(1)) {
            Instant s = m.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (s.plusSeconds(seconds).isAfter(asOf)) {
                break;
            }
            if (!s.isBefore(asOf.minus(Duration.ofDays(MONTH_STARTS_DAYS)))) {
                starts.add(s);
            }
        }
        return new ArrayList<>(starts);
    }

    /** A deal open at a window's start: the window, its stage and age band's cell, its amount and owner. */
    private record Open(int window, int cell, double amount, Owner owner) {
    }

    /**
     * Replays one deal's {@code n} facts (as {@link DealReplay} does: a reopened deal enters its stage afresh),
     * taking its state just before each window start, then adds it to the windows: open at a start (with what it
     * won inside that window), or opened inside a window (and won inside it).
     */
    private static void scan(DealHistory deal, int n, long[] cuts, long[] ends, double[] weights,
                             DealHistories deals, StageMap stages, Conversion conversion, Sums all) {
        if (n == 0 || cuts.length == 0 || deal.at(0) >= ends[ends.length - 1]) {
            return; // nothing before the last window's end
        }
        List<Open> open = new ArrayList<>();
        List<long[]> wins = new ArrayList<>();        // {at}
        List<double[]> wonAmounts = new ArrayList<>(); // {amount}
        List<Owner> winners = new ArrayList<>();
        String currency = deals.currency(deal.currency());
        DealStatus status = null;
        int stage = 0;
        long entered = 0;
        long opened = 0;
        double amount = 0;
        int owner = -1;
        int openerCode = -1;
        int c = 0;
        for (int i = 0; i <= n; i++) {
            long at = i < n ? deal.at(i) : Long.MAX_VALUE;
            while (c < cuts.length && at >= cuts[c]) {
                if (status == DealStatus.OPEN) {
                    double f = conversion.factor(currency, ExchangeRates.dateOf(DealHistory.instant(cuts[c])));
                    if (!Double.isNaN(f)) {
                        open.add(new Open(c, stage * BANDS + band((cuts[c] - entered) / 1e9 / DAY_SECONDS),
                                amount * f, deals.owner(owner)));
                    }
                }
                c++;
            }
            if (i == n) {
                break;
            }
            FactKind kind = deal.kind(i);
            if (status == null && kind != FactKind.OPENED) {
                continue;
            }
            switch (kind) {
                case OPENED -> {
                    if (status == null) {
                        status = DealStatus.OPEN;
                        stage = stages.position(deal.stage(i));
                        entered = at;
                        opened = at;
                        amount = deal.amount(i);
                        owner = deal.owner(i);
                        openerCode = owner;
                    }
                }
                case STAGE -> {
                    int to = stages.position(deal.stage(i));
                    if (status == DealStatus.OPEN && to != stage) {
                        stage = to;
                        entered = at;
                    }
                }
                case AMOUNT -> amount = deal.amount(i);
                case OWNER -> owner = deal.owner(i);
                case WON -> {
                    if (status == DealStatus.OPEN) {
                        status = DealStatus.WON;
                        double value = Double.isNaN(deal.amount(i)) ? amount : deal.amount(i);
                        double f = conversion.factor(currency, ExchangeRates.dateOf(DealHistory.instant(at)));
                        if (!Double.isNaN(f) && value > 0) {
                            wins.add(new long[]{at});
                            wonAmounts.add(new double[]{value * f});
                            winners.add(deals.owner(owner));
                        }
                    }
                }
                case LOST -> {
                    if (status == DealStatus.OPEN) {
                        status = DealStatus.LOST;
                    }
                }
                case REOPENED -> {
                    if (status != DealStatus.OPEN) {
                        status = DealStatus.OPEN;
                        stage = stages.position(deal.stage(i));
                        entered = at;
                    }
                }
                default -> {
                }
            }
        }
        for (Open o : open) {
            double won = 0;
            for (int k = 0; k < wins.size(); k++) {
                long at = wins.get(k)[0];
                if (at >= cuts[o.window()] && at < ends[o.window()]) {
                    won = wonAmounts.get(k)[0];
                    break;
                }
            }
            all.addOpen(o.window(), o.cell(), o.amount(), won, o.owner(), weights[o.window()]);
        }
        if (status == null) {
            return;
        }
        Owner opener = deals.owner(openerCode);
        for (int x = 0; x < cuts.length; x++) {
            if (opened < cuts[x] || opened >= ends[x]) {
                continue;
            }
            all.active.get(x).putIfAbsent(opener.repId(), opener);
            for (int k = 0; k < wins.size(); k++) {
                long at = wins.get(k)[0];
                if (at >= cuts[x] && at < ends[x]) {
                    all.addCreatedWin(x, winners.get(k), wonAmounts.get(k)[0], weights[x]);
                    break;
                }
            }
        }
    }

    /**
     * The share of an open deal's value expected to be won inside the window: the yield of the owner's (rep, else
     * team, else company) cell for the deal's stage and age-in-stage band, at most 1.
     */
    public double openYield(Owner owner, int stage, double ageDays) {
        int cell = stage * BANDS + band(ageDays);
        if (cell < 0 || cell >= cells) {
            return Math.min(1, Math.max(0, companyYield));
        }
        double[] y = repCell.get(owner);
        if (y == null) {
            y = teamCell.getOrDefault(owner.teamId(), companyCell);
        }
        return Math.min(1, Math.max(0, y[cell]));
    }

    /** Value won per day by deals a rep opens and wins inside a window (rep, else team, else company). */
    public double newValuePerDay(Owner rep) {
        Double r = repPerDay.get(rep.repId());
        if (r == null) {
            r = teamPerDay.get(rep.teamId());
        }
        return r == null ? companyPerDay : r;
    }

    /** The weighted mean amount of the creation-and-win deals (reporting currency); 0 when there were none. */
    public double meanNewWonAmount() {
        return meanNewWon;
    }

    /** The weighted standard deviation of their log amounts (0 with fewer than two). */
    public double logSigma() {
        return logSigma;
    }

    public Instant asOf() {
        return asOf;
    }

    public double windowDays() {
        return windowDays;
    }

    public List<Instant> windowStarts() {
        return windowStarts;
    }

    /** The company's yield of open pipeline over all stages and bands. */
    public double companyYield() {
        return companyYield;
    }

    /** What the method learned, for provenance (settings it read, windows, company figures). */
    Map<String, String> parameters(ForecastSettings settings) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("simulations", Integer.toString(settings.simulations()));
        p.put("seed", Long.toString(settings.seed()));
        p.put("windowDays", Double.toString(windowDays));
        p.put("windows", Integer.toString(windowStarts.size()));
        p.put("firstWindowStart", windowStarts.isEmpty() ? "none" : windowStarts.get(0).toString());
        p.put("ageBandsDays", "<30,30-90,>=90");
        p.put("halfLifeDays", settings.parameters().get("halfLifeDays"));
        p.put("repStrength", Double.toString(settings.repStrength()));
        p.put("teamStrength", Double.toString(settings.teamStrength()));
        p.put("processPriorStrength", Double.toString(settings.processPriorStrength()));
        p.put("rateStrengthDays", Double.toString(settings.rateStrengthDays()));
        p.put("rateDispersion", Double.toString(settings.rateDispersion()));
        p.put("companyOpenYield", Double.toString(companyYield));
        p.put("companyNewValuePerRepDay", Double.toString(companyPerDay));
        p.put("newWins", Integer.toString(newWins));
        p.put("meanNewWonAmount", Double.toString(meanNewWon));
        p.put("openValueObserved", Double.toString(openValue));
        p.put("commitThreshold", Double.toString(settings.commitThreshold()));
        p.put("bestCaseThreshold", Double.toString(settings.bestCaseThreshold()));
        return p;
    }
}
