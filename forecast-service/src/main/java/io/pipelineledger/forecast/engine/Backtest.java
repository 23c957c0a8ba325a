package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.money.ExchangeRates;
import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.events.period.BusinessPeriod;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How past forecasts fared: for each period from {@code from} to {@code to} (inclusive, same granularity), the
 * forecast as of the period's start (model learned then, deals as they stood then) against the actual: the amounts
 * won in the period according to every fact known at {@code knownAsOf}, for the owner at the win. Optionally also
 * as of points inside each period ({@link BacktestPoints}: thirds, or weekly for quarters), each learned as of
 * its instant: accuracy by point in period.
 *
 * <p>Per row (period, group): accuracy = 1 - |A - F| / A (none when A = 0), with F the forecast's expected value.
 * Per summary (a period, or overall), over its rows: MAPE = mean of |A - F| / A over rows with A > 0;
 * WMAPE = sum |A - F| / sum A; bias = sum (F - A) / sum A (positive: over-forecast); coverage = share of rows with
 * P10 ≤ A ≤ P90; accuracy = 1 - WMAPE.
 *
 * <p>Money: forecasts and actuals are in one currency (the reporting one unless asked otherwise), each win
 * converted at its date; wins no rate converts are left out of the actuals and listed in the report's warnings,
 * with the amounts each period's forecast left out.
 * <p>A period not over at {@code knownAsOf} (the current one) has no actual yet, only the amounts won so far: its
 * rows are shown with {@code complete = false} but left out of every summary, which would otherwise count a
 * quarter half-way through as a miss.
 */
public final class Backtest {

    /**
     * One period and group under one method; {@code complete}: the period ended at or before the instant the
     * backtest was asked at (else {@code actual} is what was won so far and the row is in no summary);
     * {@code point} ("start", "third", "week-5", …) and {@code asOf}: when in the period the forecast was made.
     */
    public record Row(String period, Method method, String group, BigDecimal forecast, BigDecimal p10, BigDecimal p50,
                      BigDecimal p90, BigDecimal actual, Double accuracy, boolean covered, boolean complete,
                      String point, Instant asOf) {
    }

    /**
     * The metrics over a set of rows: one period's, all ({@code scope} = {@value #OVERALL}), or, in
     * {@code byPoint}, one point's across the complete periods ({@code scope} = the point, e.g. "week-5").
     */
    public record Summary(String scope, Method method, int rows, double accuracy, double mape, double wmape,
                          double bias, double coverage) {
    }

    /**
     * Everything a backtest found, with the provenance of each period's forecast. {@code incompletePeriods}: the
     * periods not over at {@code knownAsOf}, whose rows are in no summary ({@code perPeriod} has none for them).
     * {@code points}: where in each period the forecasts were made ({@link BacktestPoints}); {@code perPeriod} and
     * {@code overall} are over the start's rows, {@code byPoint} per method and point over the complete periods.
     */
    public record Report(String from, String to, Grouping groupBy, Instant knownAsOf, List<Row> rows,
                         List<Summary> perPeriod, List<Summary> overall, List<Provenance> provenance, String currency,
                         List<UnconvertedAmount> warnings, List<String> incompletePeriods, String points,
                         List<Summary> byPoint) {

        public Summary overall(Method method) {
            return overall.stream().filter(s -> s.method() == method).findFirst().orElseThrow();
        }

        /** The summary of one point (e.g. "week-5") for a method, if a complete period had it. */
        public Optional<Summary> atPoint(Method method, String point) {
            return byPoint.stream().filter(s -> s.method() == method && s.scope().equals(point)).findFirst();
        }
    }

    public static final String OVERALL = "overall";

    private Backtest() {
    }

    /** In the engine's reporting currency. */
    public static Report run(ForecastEngine engine, DealHistories deals, BusinessPeriod from, BusinessPeriod to,
                             Grouping groupBy, List<Method> methods, Instant knownAsOf) {
        return run(engine, deals, from, to, groupBy, methods, knownAsOf, null);
    }

    /** In {@code currency} (null: the engine's reporting currency), every fact on record read at every origin. */
    public static Report run(ForecastEngine engine, DealHistories deals, BusinessPeriod from, BusinessPeriod to,
                             Grouping groupBy, List<Method> methods, Instant knownAsOf, String currency) {
        return run(engine, deals, from, to, groupBy, methods, knownAsOf, currency, KnownAt.at(knownAsOf));
    }

    /**
     * In {@code currency} (null: the reporting one); each origin's forecast reads the facts {@code knownAt} gives
     * it ({@link KnownAt#EACH_ORIGIN}: what the ledger had recorded by then); actuals read every fact recorded
     * before {@code knownAsOf} (the instant the backtest is asked at).
     */
    public static Report run(ForecastEngine engine, DealHistories deals, BusinessPeriod from, BusinessPeriod to,
                             Grouping groupBy, List<Method> methods, Instant knownAsOf, String currency,
                             KnownAt knownAt) {
        return run(engine, deals, from, to, groupBy, methods, knownAsOf, currency, knownAt, BacktestPoints.START);
    }

    /**
     * The same; {@link Method#AUTO}'s forecast at each origin runs its own self-check strictly before that origin,
     * its candidates' answers shared through {@code cache} (consecutive origins' self-checks share most origins).
     */
    public static Report run(ForecastEngine engine, DealHistories deals, BusinessPeriod from, BusinessPeriod to,
                             Grouping groupBy, List<Method> methods, Instant knownAsOf, String currency,
                             KnownAt knownAt, SelfCheckCache cache) {
        return run(engine, deals, from, to, groupBy, methods, knownAsOf, currency, knownAt, BacktestPoints.START,
                cache);
    }

    /** As below, with a self-check cache of its own. */
    public static Report run(ForecastEngine engine, DealHistories deals, BusinessPeriod from, BusinessPeriod to,
                             Grouping groupBy, List<Method> methods, Instant knownAsOf, String currency,
                             KnownAt knownAt, BacktestPoints points) {
        return run(engine, deals, from, to, groupBy, methods, knownAsOf, currency, knownAt, points,
                new SelfCheckCache());
    }

    /**
     * As above, each period forecast as of each of its {@code points} ({@link BacktestPoints}): rows for every
     * point, {@code perPeriod} and {@code overall} over the start point's rows only, {@code byPoint} per method and
     * point over the complete periods. A point after {@code knownAsOf} (inside the current period) is not asked.
     * The points are learned in parallel (the engine is pure). {@link Method#AUTO}'s forecast at each point runs its
     * own self-check strictly before that point, the candidates' answers shared through {@code cache}.
     */
    public static Report run(ForecastEngine engine, DealHistories deals, BusinessPeriod from, BusinessPeriod to,
                             Grouping groupBy, List<Method> methods, Instant knownAsOf, String currency,
                             KnownAt knownAt, BacktestPoints points, SelfCheckCache cache) {
        if (from.granularity() != to.granularity() || from.start().isAfter(to.start())) {
            throw new IllegalArgumentException("from and to must be periods of one granularity, from not after to");
        }
        if (!points.fits(from.granularity())) {
            throw new IllegalArgumentException("points " + points.parameter() + " do not fit " + from.key());
        }
        List<BusinessPeriod> periods = new ArrayList<>();
        for (BusinessPeriod p = from; !p.start().isAfter(to.start()); p = p.next()) {
            periods.add(p);
        }
        DealStates known = engine.states(deals, knownAsOf);
        String answerCurrency = currency == null ? engine.reportingCurrency() : currency;
        Conversion conversion = engine.conversion(answerCurrency);
        List<Asked> asked = new ArrayList<>();
        for (BusinessPeriod period : periods) {
            for (BacktestPoints.Point point : points.in(period)) {
                if (point.name().equals(BacktestPoints.START_POINT) || !point.at().isAfter(knownAsOf)) {
                    asked.add(new Asked(period, point));
                }
            }
        }
        // each point learns afresh (the costly part): in parallel, collected in order, so rows stay deterministic
        List<List<Forecast>> forecasts = asked.parallelStream().map(a -> {
            DealHistories seen = knownAt.view(deals, a.point().at());
            ForecastModel model = engine.learn(seen, a.point().at());
            DealStates states = engine.states(seen, a.point().at());
            PreparedForecast prepared = PreparedForecast.of(engine, seen, a.point().at(), model, states, cache);
            return methods.stream().map(method -> prepared.forecast(new ForecastRequest(a.period(), a.point().at(),
                    groupBy, method, answerCurrency))).toList();
        }).toList();
        List<Row> rows = new ArrayList<>();
        List<Provenance> provenance = new ArrayList<>();
        LinkedHashSet<UnconvertedAmount> warnings = new LinkedHashSet<>();
        Map<String, Map<String, Double>> actuals = new HashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            BusinessPeriod period = asked.get(i).period();
            BacktestPoints.Point point = asked.get(i).point();
            boolean complete = isComplete(period, knownAsOf);
            Map<String, Double> actual = actuals.computeIfAbsent(period.key(),
                    k -> actuals(known, period, groupBy, conversion, warnings));
            for (Forecast forecast : forecasts.get(i)) {
                provenance.add(forecast.provenance());
                forecast.warnings().forEach(w -> {
                    if (w instanceof UnconvertedAmount u) {
                        warnings.add(u);
                    }
                });
                rows.addAll(rows(forecast, actual, point, complete));
            }
        }
        List<Row> atStart = rows.stream().filter(r -> r.point().equals(BacktestPoints.START_POINT)).toList();
        List<Summary> perPeriod = new ArrayList<>();
        List<Summary> overall = new ArrayList<>();
        List<Summary> byPoint = new ArrayList<>();
        List<String> incomplete = periods.stream().filter(p -> !isComplete(p, knownAsOf)).map(BusinessPeriod::key)
                .toList();
        List<String> pointNames = asked.stream().map(a -> a.point().name()).distinct().toList();
        for (Method method : methods) {
            for (BusinessPeriod period : periods) {
                if (isComplete(period, knownAsOf)) {
                    perPeriod.add(summary(period.key(), method, atStart.stream()
                            .filter(r -> r.method() == method && r.period().equals(period.key())).toList()));
                }
            }
            overall.add(summary(OVERALL, method, atStart.stream().filter(r -> r.method() == method && r.complete())
                    .toList()));
            for (String name : pointNames) {
                List<Row> at = rows.stream().filter(r -> r.method() == method && r.complete()
                        && r.point().equals(name)).toList();
                if (!at.isEmpty()) { // e.g. week-13 when no complete quarter has 92 days
                    byPoint.add(summary(name, method, at));
                }
            }
        }
        return new Report(from.key(), to.key(), groupBy, knownAsOf, List.copyOf(rows), List.copyOf(perPeriod),
                List.copyOf(overall), List.copyOf(provenance), answerCurrency, List.copyOf(warnings), incomplete,
                points.parameter(), List.copyOf(byPoint));
    }

    /** One forecast a backtest asks for: a period as of one of its points. */
    private record Asked(BusinessPeriod period, BacktestPoints.Point point) {
    }

    /** One row per group in the forecast or the actuals (a group missing from one has 0 there). */
    private static List<Row> rows(Forecast forecast, Map<String, Double> actual, BacktestPoints.Point point,
                                  boolean complete) {
        List<Row> rows = new ArrayList<>();
        TreeSet<String> groups = new TreeSet<>(actual.keySet());
        forecast.groups().forEach(g -> groups.add(g.group()));
        for (String group : groups) {
            GroupForecast g = forecast.group(group).orElse(null);
            double a = actual.getOrDefault(group, 0.0);
            BigDecimal zero = BigDecimal.ZERO.setScale(2);
            BigDecimal f = g == null ? zero : g.expected();
            BigDecimal p10 = g == null ? zero : g.p10();
            BigDecimal p90 = g == null ? zero : g.p90();
            BigDecimal actualMoney = ForecastEngine.money(a);
            Double accuracy = a > 0 ? 1 - Math.abs(a - f.doubleValue()) / a : null;
            boolean covered = p10.compareTo(actualMoney) <= 0 && actualMoney.compareTo(p90) <= 0;
            rows.add(new Row(forecast.period(), forecast.method(), group, f, p10, g == null ? zero : g.p50(), p90,
                    actualMoney, accuracy, covered, complete, point.name(), point.at()));
        }
        return rows;
    }

    /** Over when the backtest is asked (its end is exclusive): only then is what was won in it the actual. */
    public static boolean isComplete(BusinessPeriod period, Instant knownAsOf) {
        return !period.end().isAfter(knownAsOf);
    }

    /**
     * Won in the period per group (owner at the win), by every fact known, converted at each win's date; a win
     * without a rate is left out and added to {@code warnings}.
     */
    static Map<String, Double> actuals(DealStates known, BusinessPeriod period, Grouping groupBy,
                                       Conversion conversion, Collection<UnconvertedAmount> warnings) {
        Map<String, Double> actual = new TreeMap<>();
        for (DealState deal : known.deals()) {
            if (deal.won() && period.contains(deal.wonAt())) {
                LocalDate on = ExchangeRates.dateOf(deal.wonAt());
                double f = conversion.factor(deal.currency(), on);
                if (Double.isNaN(f)) {
                    warnings.add(UnconvertedAmount.of(deal.opportunityId(), ForecastEngine.money(deal.wonAmount()),
                            deal.currency(), conversion.currency(), on));
                    continue;
                }
                actual.merge(deal.closedBy().group(groupBy), deal.wonAmount() * f, Double::sum);
            }
        }
        return actual;
    }

    static Summary summary(String scope, Method method, List<Row> rows) {
        double absError = 0;
        double error = 0;
        double actual = 0;
        double ape = 0;
        int withActual = 0;
        int covered = 0;
        for (Row r : rows) {
            double a = r.actual().doubleValue();
            double f = r.forecast().doubleValue();
            absError += Math.abs(a - f);
            error += f - a;
            actual += a;
            if (a > 0) {
                ape += Math.abs(a - f) / a;
                withActual++;
            }
            if (r.covered()) {
                covered++;
            }
        }
        double wmape = actual > 0 ? absError / actual : Double.NaN;
        return new Summary(scope, method, rows.size(), 1 - wmape, withActual > 0 ? ape / withActual : Double.NaN,
                wmape, actual > 0 ? error / actual : Double.NaN,
                rows.isEmpty() ? Double.NaN : covered / (double) rows.size());
    }
}
