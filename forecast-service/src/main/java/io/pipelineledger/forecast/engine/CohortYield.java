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
    private static final String COMPANY = "company";

    private final Instant asOf;
    private final double windowDays;
    private final List<Instant> windowStarts;
    private final Map<String, Double> openYield;     // level key|stage|band -> shrunk yield
    private final Map<String, Double> stageYield;    // company stage -> shrunk yield (for stages never seen)
    private final double companyYield;
    private final Map<String, Double> newPerRepDay;  // level key -> shrunk value per rep-day
    private final double meanNewWon;
    private final double logSigma;
    private final int newWins;
    private final double openValue;

    private CohortYield(Instant asOf, double windowDays, List<Instant> windowStarts, Map<String, Double> openYield,
                        Map<String, Double> stageYield, double companyYield, Map<String, Double> newPerRepDay,
                        double meanNewWon, double logSigma, int newWins, double openValue) {
        this.asOf = asOf;
        this.windowDays = windowDays;
        this.windowStarts = windowStarts;
        this.openYield = openYield;
        this.stageYield = stageYield;
        this.companyYield = companyYield;
        this.newPerRepDay = newPerRepDay;
        this.meanNewWon = meanNewWon;
        this.logSigma = logSigma;
        this.newWins = newWins;
        this.openValue = openValue;
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

    /** One window's sums (weighted), merged in window order so the result is deterministic. */
    private static final class Sums {
        final Map<String, double[]> open = new HashMap<>();   // key|stage|band -> {open value, won value}
        final Map<String, double[]> created = new HashMap<>(); // level key -> {won value, exposure days}
        double deals;        // weighted count of open deals (for the mean open amount)
        double wins;         // weighted count of creation-and-win deals
        double wonSum;
        double logSum;
        double logSquares;
        int winCount;
        final Map<String, Owner> active = new LinkedHashMap<>(); // reps active in the window

        /** A deal open at the window's start, at weight {@code w}, in each level's cell. */
        void addOpen(String cell, double open, double won, Owner o, double w) {
            deals += w;
            addOpen(COMPANY, w * open, w * won);
            addOpen("s|" + cell.substring(0, cell.indexOf('|')), w * open, w * won);
            addOpen("c|" + cell, w * open, w * won);
            addOpen("t:" + o.teamId() + "|" + cell, w * open, w * won);
            addOpen("r:" + o.repId() + "|" + o.teamId() + "|" + cell, w * open, w * won);
            active.putIfAbsent(o.repId(), o);
        }

        /** A deal opened and won inside the window, by {@code o}. */
        void addCreatedWin(Owner o, double won, double w) {
            addCreated(COMPANY, w * won, 0);
            addCreated("t:" + o.teamId(), w * won, 0);
            addCreated("r:" + o.repId() + "|" + o.teamId(), w * won, 0);
            wins += w;
            winCount++;
            wonSum += w * won;
            double l = Math.log(won);
            logSum += w * l;
            logSquares += w * l * l;
        }

        /** Each active rep is exposed for the window's {@code days} at weight {@code w}. */
        void expose(double days, double w) {
            for (Owner o : active.values()) {
                addCreated(COMPANY, 0, w * days);
                addCreated("t:" + o.teamId(), 0, w * days);
                addCreated("r:" + o.repId() + "|" + o.teamId(), 0, w * days);
            }
        }

        void addOpen(String key, double open, double won) {
            double[] c = this.open.computeIfAbsent(key, k -> new double[2]);
            c[0] += open;
            c[1] += won;
        }

        void addCreated(String key, double won, double days) {
            double[] c = created.computeIfAbsent(key, k -> new double[2]);
            c[0] += won;
            c[1] += days;
        }

        void merge(Sums o) {
            o.open.forEach((k, v) -> addOpen(k, v[0], v[1]));
            o.created.forEach((k, v) -> addCreated(k, v[0], v[1]));
            deals += o.deals;
            wins += o.wins;
            wonSum += o.wonSum;
            logSum += o.logSum;
            logSquares += o.logSquares;
            winCount += o.winCount;
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
        Sums[] perWindow = new Sums[w];
        for (int i = 0; i < w; i++) {
            perWindow[i] = new Sums();
        }
        StageMap stages = engine.stageMap(deals);
        Conversion conversion = engine.conversion(engine.reportingCurrency());
        long cut = DealHistory.nanos(asOf);
        for (DealHistory deal : deals.deals()) {
            scan(deal, deal.countBefore(cut), cuts, ends, weights, days, deals, stages, conversion, perWindow);
        }
        Sums all = new Sums();
        for (int i = 0; i < w; i++) {
            perWindow[i].expose(days, weights[i]);
            all.merge(perWindow[i]);
        }
        // open-pipeline yields: company stage and cell, then team, then rep
        double[] company = all.open.getOrDefault(COMPANY, new double[2]);
        double meanOpen = all.deals > 0 ? company[0] / all.deals : 0;
        double companyYield = company[0] > 0 ? company[1] / company[0] : 0;
        double prior = settings.processPriorStrength() * meanOpen;
        Map<String, Double> stageYield = new HashMap<>();
        all.open.forEach((key, v) -> {
            if (key.startsWith("s|")) {
                stageYield.put(key.substring(2), shrink(v[1], v[0], companyYield, prior));
            }
        });
        Map<String, Double> yields = new HashMap<>();
        // keys: "c|stage|band", "t:team|stage|band", "r:rep|stage|band"; parents are resolved level by level
        for (String level : List.of("c|", "t:", "r:")) {
            all.open.forEach((key, v) -> {
                if (!key.startsWith(level)) {
                    return;
                }
                String[] parts = key.split("\\|");
                String cell = parts[parts.length - 2] + "|" + parts[parts.length - 1];
                double parent;
                double strength;
                if (level.equals("c|")) {
                    parent = stageYield.getOrDefault(parts[1], companyYield);
                    strength = prior;
                } else if (level.equals("t:")) {
                    parent = yields.getOrDefault("c|" + cell, stageYield.getOrDefault(parts[1], companyYield));
                    strength = settings.teamStrength() * meanOpen;
                } else {
                    String team = parts[1];
                    parent = yields.getOrDefault("t:" + team + "|" + cell, yields.getOrDefault("c|" + cell,
                            stageYield.getOrDefault(parts[2], companyYield)));
                    strength = settings.repStrength() * meanOpen;
                }
                yields.put(key, shrink(v[1], v[0], parent, strength));
            });
        }
        // creation-and-win value per rep-day: company, team, rep
        Map<String, Double> perDay = new HashMap<>();
        double[] c = all.created.getOrDefault(COMPANY, new double[2]);
        double companyRate = c[1] > 0 ? c[0] / c[1] : 0;
        perDay.put(COMPANY, companyRate);
        double k = settings.rateStrengthDays();
        all.created.forEach((key, v) -> {
            if (key.startsWith("t:")) {
                perDay.put(key, shrink(v[0], v[1], companyRate, k));
            }
        });
        all.created.forEach((key, v) -> {
            if (key.startsWith("r:")) {
                String team = key.substring(key.indexOf('|') + 1);
                perDay.put(key.substring(0, key.indexOf('|')),
                        shrink(v[0], v[1], perDay.getOrDefault("t:" + team, companyRate), k));
            }
        });
        double meanWon = all.wins > 0 ? all.wonSum / all.wins : 0;
        double sigma = 0;
        if (all.winCount >= 2) {
            double m = all.logSum / all.wins;
            sigma = Math.sqrt(Math.max(0, all.logSquares / all.wins - m * m));
        }
        return new CohortYield(asOf, days, List.copyOf(starts), Map.copyOf(yields), Map.copyOf(stageYield),
                companyYield, Map.copyOf(perDay), meanWon, sigma, all.winCount, company[0]);
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
    private record Open(int window, String cell, double amount, Owner owner) {
    }

    /**
     * Replays one deal's {@code n} facts (as {@link DealReplay} does: a reopened deal enters its stage afresh),
     * taking its state just before each window start, then adds it to the windows: open at a start (with what it
     * won inside that window), or opened inside a window (and won inside it).
     */
    private static void scan(DealHistory deal, int n, long[] cuts, long[] ends, double[] weights, double days,
                             DealHistories deals, StageMap stages, Conversion conversion, Sums[] perWindow) {
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
                        open.add(new Open(c, stage + "|" + band((cuts[c] - entered) / 1e9 / DAY_SECONDS),
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
            perWindow[o.window()].addOpen(o.cell(), o.amount(), won, o.owner(), weights[o.window()]);
        }
        if (status == null) {
            return;
        }
        Owner opener = deals.owner(openerCode);
        for (int x = 0; x < cuts.length; x++) {
            if (opened < cuts[x] || opened >= ends[x]) {
                continue;
            }
            Sums s = perWindow[x];
            s.active.putIfAbsent(opener.repId(), opener);
            for (int k = 0; k < wins.size(); k++) {
                long at = wins.get(k)[0];
                if (at >= cuts[x] && at < ends[x]) {
                    Owner o = winners.get(k);
                    s.active.putIfAbsent(o.repId(), o);
                    s.addCreatedWin(o, wonAmounts.get(k)[0], weights[x]);
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
        String cell = stage + "|" + band(ageDays);
        Double y = openYield.get("r:" + owner.repId() + "|" + owner.teamId() + "|" + cell);
        if (y == null) {
            y = openYield.get("t:" + owner.teamId() + "|" + cell);
        }
        if (y == null) {
            y = openYield.get("c|" + cell);
        }
        if (y == null) {
            y = stageYield.getOrDefault(Integer.toString(stage), companyYield);
        }
        return Math.min(1, Math.max(0, y));
    }

    /** Value won per day by deals a rep opens and wins inside a window (rep, else team, else company). */
    public double newValuePerDay(Owner rep) {
        Double r = newPerRepDay.get("r:" + rep.repId());
        if (r == null) {
            r = newPerRepDay.get("t:" + rep.teamId());
        }
        return r == null ? newPerRepDay.getOrDefault(COMPANY, 0.0) : r;
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
        p.put("companyNewValuePerRepDay", Double.toString(newPerRepDay.getOrDefault(COMPANY, 0.0)));
        p.put("newWins", Integer.toString(newWins));
        p.put("meanNewWonAmount", Double.toString(meanNewWon));
        p.put("openValueObserved", Double.toString(openValue));
        p.put("commitThreshold", Double.toString(settings.commitThreshold()));
        p.put("bestCaseThreshold", Double.toString(settings.bestCaseThreshold()));
        return p;
    }
}
