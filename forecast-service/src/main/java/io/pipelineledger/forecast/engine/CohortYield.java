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
import java.util.stream.IntStream;

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
     * of {@code windowSeconds}.
     */
    static CohortYield learn(ForecastEngine engine, DealHistories deals, DealStates now, Instant asOf,
                             long windowSeconds) {
        ForecastSettings settings = engine.settings();
        double days = windowSeconds / DAY_SECONDS;
        List<Instant> starts = windowStarts(asOf, windowSeconds);
        Map<String, DealState> atAsOf = new HashMap<>();
        for (DealState d : now.deals()) {
            atAsOf.put(d.opportunityId(), d);
        }
        Sums[] perWindow = new Sums[starts.size()];
        IntStream.range(0, starts.size()).parallel().forEach(i -> perWindow[i] = window(engine, deals, now, atAsOf,
                starts.get(i), starts.get(i).plusSeconds(windowSeconds), days,
                settings.recencyWeight(Duration.between(starts.get(i), asOf).getSeconds() / DAY_SECONDS)));
        Sums all = new Sums();
        for (Sums s : perWindow) {
            all.merge(s);
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

    private static Sums window(ForecastEngine engine, DealHistories deals, DealStates now,
                               Map<String, DealState> atAsOf, Instant start, Instant end, double days, double w) {
        Sums s = new Sums();
        Conversion conversion = engine.conversion(engine.reportingCurrency());
        LocalDate startDay = ExchangeRates.dateOf(start);
        Map<String, Owner> active = new LinkedHashMap<>();
        for (DealState d : engine.states(deals, start).deals()) {
            if (!d.open()) {
                continue;
            }
            double f = conversion.factor(d.currency(), startDay);
            if (Double.isNaN(f)) {
                continue;
            }
            double open = d.amount() * f;
            double won = 0;
            DealState later = atAsOf.get(d.opportunityId());
            if (later != null && later.won() && !later.wonAt().isBefore(start) && later.wonAt().isBefore(end)) {
                double g = conversion.factor(later.currency(), ExchangeRates.dateOf(later.wonAt()));
                won = Double.isNaN(g) ? 0 : later.wonAmount() * g;
            }
            int band = band(Duration.between(d.stageEnteredAt(), start).getSeconds() / DAY_SECONDS);
            String cell = d.stagePosition() + "|" + band;
            Owner o = d.owner();
            s.deals += w;
            s.addOpen(COMPANY, w * open, w * won);
            s.addOpen("s|" + d.stagePosition(), w * open, w * won);
            s.addOpen("c|" + cell, w * open, w * won);
            s.addOpen("t:" + o.teamId() + "|" + cell, w * open, w * won);
            s.addOpen("r:" + o.repId() + "|" + o.teamId() + "|" + cell, w * open, w * won);
            active.putIfAbsent(o.repId(), o);
        }
        for (DealState d : now.deals()) {
            if (d.openedAt().isBefore(start) || !d.openedAt().isBefore(end)) {
                continue;
            }
            Owner o = d.won() ? d.closedBy() : d.owner();
            if (o == null) {
                o = d.owner();
            }
            active.putIfAbsent(o.repId(), o);
            if (d.won() && d.wonAt().isBefore(end)) {
                double g = conversion.factor(d.currency(), ExchangeRates.dateOf(d.wonAt()));
                if (Double.isNaN(g) || d.wonAmount() <= 0) {
                    continue;
                }
                double won = d.wonAmount() * g;
                s.addCreated(COMPANY, w * won, 0);
                s.addCreated("t:" + o.teamId(), w * won, 0);
                s.addCreated("r:" + o.repId() + "|" + o.teamId(), w * won, 0);
                s.wins += w;
                s.winCount++;
                s.wonSum += w * won;
                double l = Math.log(won);
                s.logSum += w * l;
                s.logSquares += w * l * l;
            }
        }
        for (Owner o : active.values()) {
            s.addCreated(COMPANY, 0, w * days);
            s.addCreated("t:" + o.teamId(), 0, w * days);
            s.addCreated("r:" + o.repId() + "|" + o.teamId(), 0, w * days);
        }
        return s;
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
