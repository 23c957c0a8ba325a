package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.period.BusinessPeriod.Granularity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * A rolling-origin backtest of every candidate before an as-of A, on the facts that occurred before A only (no
 * peeking): what {@link Method#AUTO} weighs its candidates by.
 *
 * <p>Origins, for the period granularity G asked: the last complete periods of G ending at or before A, about 12
 * months of them, each asked at several points — quarters: the last 4, as of their start, +1 month and +2 months
 * (12 origins); months: the last 12, as of their start and their 15th (24); weeks: the last 12, as of their Monday
 * and Thursday (24). An origin is left out when the history before it is shorter than one period of G (nothing to
 * learn from yet). At an origin O each candidate forecasts its period (grouping ALL) from the facts the ledger had
 * recorded before O ({@link KnownAt#EACH_ORIGIN}); the actual is what was won in the period by the facts before A.
 *
 * <p>Error, on the part not yet won at O (closed-won at O is known and not forecast): e = log(max(actual − closedWon,
 * f) / max(expected − closedWon, f)), f = max(1, 1 % of the mean actual over the origins): the floor keeps a
 * zero forecast or a zero remainder finite (an error of at most log(100) ≈ 4.6 at a typical size). Positive e:
 * the candidate was low.
 */
public final class SelfCheck {

    /**
     * One self-check origin: the period forecast, the instant it is forecast as of, and which of the period's
     * {@link #points} that is (0: its start).
     */
    public record Origin(BusinessPeriod period, Instant at, int position) {
    }

    /**
     * What a self-check found. {@code errors[c][o]}: candidate c's error at origin o (origins in time order);
     * {@code computeMillis}: wall time; {@code computed}: candidate answers computed (not from the cache).
     */
    public record Result(Instant asOf, Granularity granularity, List<Candidate> candidates, List<Origin> origins,
                         double[][] errors, double[] actual, double floor, long computeMillis, int computed) {

        public int originCount() {
            return origins.size();
        }

        /** Each origin's point in its period ({@link Origin#position}). */
        public int[] positions() {
            return origins.stream().mapToInt(Origin::position).toArray();
        }

        /** Days from each origin to as-of (the recency the combination weighs origins by). */
        public double[] originAgeDays() {
            return origins.stream().mapToDouble(o -> Duration.between(o.at(), asOf).toSeconds() / 86_400.0)
                    .toArray();
        }
    }

    private SelfCheck() {
    }

    /** The origins before {@code asOf} for granularity {@code g}, in time order (see the class comment). */
    public static List<Origin> origins(Instant asOf, Granularity g) {
        int periods = g == Granularity.QUARTER ? 4 : 12;
        List<BusinessPeriod> complete = new ArrayList<>();
        BusinessPeriod p = BusinessPeriod.containing(asOf, g);
        for (int i = 0; i < periods; i++) {
            p = BusinessPeriod.containing(p.start().minusNanos(1), g);
            complete.add(0, p);
        }
        List<Origin> origins = new ArrayList<>();
        for (BusinessPeriod period : complete) {
            List<Instant> points = points(period);
            for (int i = 0; i < points.size(); i++) {
                origins.add(new Origin(period, points.get(i), i));
            }
        }
        return List.copyOf(origins);
    }

    /** The points of a period its origins are asked at: quarter start, +1, +2 months; month 1st, 15th; Mon, Thu. */
    static List<Instant> points(BusinessPeriod period) {
        var start = period.start().atZone(ZoneOffset.UTC);
        return switch (period.granularity()) {
            case QUARTER -> List.of(period.start(), start.plusMonths(1).toInstant(), start.plusMonths(2).toInstant());
            case MONTH -> List.of(period.start(), start.plusDays(14).toInstant());
            case WEEK -> List.of(period.start(), start.plusDays(3).toInstant());
        };
    }

    /** The point of {@code period} nearest to {@code asOf} (an ask is compared with origins at that point). */
    public static int position(BusinessPeriod period, Instant asOf) {
        List<Instant> points = points(period);
        int best = 0;
        for (int i = 1; i < points.size(); i++) {
            if (Math.abs(Duration.between(points.get(i), asOf).toSeconds())
                    < Math.abs(Duration.between(points.get(best), asOf).toSeconds())) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Runs the self-check of {@code candidates} as of {@code asOf} on {@code deals} (only their facts before
     * {@code asOf} are read), answers reused from and added to {@code cache}; parallel over origins. A candidate the
     * engine refuses as not available is dropped from the result.
     */
    public static Result run(ForecastEngine base, List<Candidate> candidates, DealHistories deals, Instant asOf,
                             Granularity g, SelfCheckCache cache) {
        long t0 = System.nanoTime();
        Instant first = firstFactAt(deals);
        List<Origin> origins = new ArrayList<>();
        for (Origin o : origins(asOf, g)) {
            Duration length = Duration.between(o.period().start(), o.period().end());
            if (first != null && !first.plus(length).isAfter(o.at())) {
                origins.add(o);
            }
        }
        List<Candidate> cheap = candidates.stream().map(Candidate::forSelfCheck).toList();
        DealStates known = base.states(deals, asOf);
        Conversion conversion = base.conversion(base.reportingCurrency());
        List<UnconvertedAmount> ignored = new ArrayList<>();
        Map<String, double[]> actualByPeriod = new HashMap<>();
        double[] actual = new double[origins.size()];
        for (int o = 0; o < origins.size(); o++) {
            BusinessPeriod period = origins.get(o).period();
            actual[o] = actualByPeriod.computeIfAbsent(period.key(), k -> new double[]{
                    Backtest.actuals(known, period, Grouping.ALL, conversion, ignored)
                            .getOrDefault(Grouping.ALL_KEY, 0.0)})[0];
        }
        Set<String> unavailable = ConcurrentHashMap.newKeySet();
        SelfCheckCache.Answer[][] answers = new SelfCheckCache.Answer[cheap.size()][origins.size()];
        int[] computed = new int[origins.size()];
        IntStream.range(0, origins.size()).parallel().forEach(o -> {
            Origin origin = origins.get(o);
            long factsKey = factsKey(deals, origin.at());
            DealHistories view = null;
            DealStates states = null;
            Map<ForecastSettings, ForecastModel> models = new HashMap<>();
            for (int c = 0; c < cheap.size(); c++) {
                Candidate candidate = cheap.get(c);
                if (unavailable.contains(candidate.name())) {
                    continue;
                }
                SelfCheckCache.Key key = new SelfCheckCache.Key(origin.at(), origin.period().key(), candidate.name(),
                        settingsKey(candidate.engine()), factsKey);
                SelfCheckCache.Answer answer = cache.get(key);
                if (answer == null) {
                    if (view == null) {
                        view = KnownAt.EACH_ORIGIN.view(deals, origin.at());
                        states = base.states(view, origin.at());
                    }
                    DealHistories seen = view;
                    // cohort and run-rate learn no semi-Markov model
                    boolean learns = candidate.method() == Method.LEARNED || candidate.method() == Method.BASELINE;
                    ForecastModel model = learns ? models.computeIfAbsent(candidate.engine().settings(),
                            s -> candidate.engine().learn(seen, origin.at())) : null;
                    try {
                        Forecast f = candidate.engine().forecast(new ForecastRequest(origin.period(), origin.at(),
                                Grouping.ALL, candidate.method()), model, states, seen);
                        answer = f.group(Grouping.ALL_KEY)
                                .map(gf -> new SelfCheckCache.Answer(gf.closedWon().doubleValue(),
                                        gf.expected().doubleValue()))
                                .orElse(new SelfCheckCache.Answer(0, 0));
                    } catch (IllegalArgumentException e) {
                        if (!Candidate.notAvailable(e)) {
                            throw e;
                        }
                        unavailable.add(candidate.name());
                        continue;
                    }
                    cache.put(key, answer);
                    computed[o]++;
                }
                answers[c][o] = answer;
            }
        });
        double meanActual = 0;
        for (double a : actual) {
            meanActual += a / actual.length;
        }
        double floor = Math.max(1, 0.01 * meanActual);
        List<Candidate> kept = new ArrayList<>();
        List<double[]> errors = new ArrayList<>();
        for (int c = 0; c < cheap.size(); c++) {
            if (unavailable.contains(cheap.get(c).name())) {
                continue;
            }
            kept.add(candidates.get(c));
            double[] e = new double[origins.size()];
            for (int o = 0; o < origins.size(); o++) {
                SelfCheckCache.Answer a = answers[c][o];
                e[o] = error(actual[o], a.closedWon(), a.expected(), floor);
            }
            errors.add(e);
        }
        return new Result(asOf, g, List.copyOf(kept), List.copyOf(origins), errors.toArray(double[][]::new), actual,
                floor, (System.nanoTime() - t0) / 1_000_000, IntStream.of(computed).sum());
    }

    /** The error of a forecast on the part not won at its origin (see the class comment). */
    public static double error(double actual, double closedWon, double expected, double floor) {
        return Math.log(Math.max(actual - closedWon, floor) / Math.max(expected - closedWon, floor));
    }

    /**
     * A fingerprint of the facts a forecast as of {@code origin} reads ({@link KnownAt#EACH_ORIGIN}: occurred and
     * recorded before it, or every fact before it when the ledger recorded none by then): equal facts, equal key.
     */
    static long factsKey(DealHistories deals, Instant origin) {
        long cut = DealHistory.nanos(origin);
        boolean hindsight = KnownAt.EACH_ORIGIN.hindsightAt(deals, origin);
        long h = 1125899906842597L;
        for (DealHistory deal : deals.deals()) {
            int n = deal.countBefore(cut);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (!hindsight && deal.recordedAt(i) >= cut) {
                    continue;
                }
                if (!any) {
                    h = mix(h, deal.opportunityId().hashCode());
                    any = true;
                }
                h = mix(h, deal.at(i));
                h = mix(h, deal.kind(i).ordinal() * 31L + deal.stage(i) * 131L + deal.owner(i));
                h = mix(h, deal.day(i));
                h = mix(h, Double.doubleToLongBits(deal.amount(i)));
            }
        }
        return h;
    }

    private static long settingsKey(ForecastEngine engine) {
        return engine.settings().hashCode() * 31L + engine.reportingCurrency().hashCode();
    }

    private static long mix(long h, long v) {
        long x = (h ^ v) * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }

    /** The business time of the earliest fact (null: none). */
    static Instant firstFactAt(DealHistories deals) {
        long first = Long.MAX_VALUE;
        for (DealHistory deal : deals.deals()) {
            if (deal.size() > 0) {
                first = Math.min(first, deal.at(0));
            }
        }
        return first == Long.MAX_VALUE ? null : DealHistory.instant(first);
    }
}
