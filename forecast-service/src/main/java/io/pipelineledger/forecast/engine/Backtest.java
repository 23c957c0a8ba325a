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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How past forecasts fared: for each period from {@code from} to {@code to} (inclusive, same granularity), the
 * forecast as of the period's start (model learned then, deals as they stood then) against the actual: the amounts
 * won in the period according to every fact known at {@code knownAsOf}, for the owner at the win.
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
     * backtest was asked at (else {@code actual} is what was won so far and the row is in no summary).
     */
    public record Row(String period, Method method, String group, BigDecimal forecast, BigDecimal p10, BigDecimal p50,
                      BigDecimal p90, BigDecimal actual, Double accuracy, boolean covered, boolean complete) {
    }

    /** The metrics over a set of rows: one period's, or all ({@code scope} = {@value #OVERALL}). */
    public record Summary(String scope, Method method, int rows, double accuracy, double mape, double wmape,
                          double bias, double coverage) {
    }

    /**
     * Everything a backtest found, with the provenance of each period's forecast. {@code incompletePeriods}: the
     * periods not over at {@code knownAsOf}, whose rows are in no summary ({@code perPeriod} has none for them).
     */
    public record Report(String from, String to, Grouping groupBy, Instant knownAsOf, List<Row> rows,
                         List<Summary> perPeriod, List<Summary> overall, List<Provenance> provenance, String currency,
                         List<UnconvertedAmount> warnings, List<String> incompletePeriods) {

        public Summary overall(Method method) {
            return overall.stream().filter(s -> s.method() == method).findFirst().orElseThrow();
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
        return run(engine, deals, from, to, groupBy, methods, knownAsOf, currency, knownAt, new SelfCheckCache());
    }

    /**
     * The same; {@link Method#AUTO}'s forecast at each origin runs its own self-check strictly before that origin,
     * its candidates' answers shared through {@code cache} (consecutive origins' self-checks share most origins).
     */
    public static Report run(ForecastEngine engine, DealHistories deals, BusinessPeriod from, BusinessPeriod to,
                             Grouping groupBy, List<Method> methods, Instant knownAsOf, String currency,
                             KnownAt knownAt, SelfCheckCache cache) {
        if (from.granularity() != to.granularity() || from.start().isAfter(to.start())) {
            throw new IllegalArgumentException("from and to must be periods of one granularity, from not after to");
        }
        List<BusinessPeriod> periods = new ArrayList<>();
        for (BusinessPeriod p = from; !p.start().isAfter(to.start()); p = p.next()) {
            periods.add(p);
        }
        DealStates known = engine.states(deals, knownAsOf);
        String answerCurrency = currency == null ? engine.reportingCurrency() : currency;
        Conversion conversion = engine.conversion(answerCurrency);
        List<Row> rows = new ArrayList<>();
        List<Provenance> provenance = new ArrayList<>();
        LinkedHashSet<UnconvertedAmount> warnings = new LinkedHashSet<>();
        for (BusinessPeriod period : periods) {
            boolean complete = isComplete(period, knownAsOf);
            Map<String, Double> actual = actuals(known, period, groupBy, conversion, warnings);
            DealHistories seen = knownAt.view(deals, period.start());
            ForecastModel model = engine.learn(seen, period.start());
            DealStates states = engine.states(seen, period.start());
            PreparedForecast prepared = PreparedForecast.of(engine, seen, period.start(), model, states, cache);
            for (Method method : methods) {
                Forecast forecast = prepared.forecast(new ForecastRequest(period, period.start(), groupBy, method,
                        answerCurrency));
                provenance.add(forecast.provenance());
                forecast.warnings().forEach(w -> {
                    if (w instanceof UnconvertedAmount u) {
                        warnings.add(u);
                    }
                });
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
                    rows.add(new Row(period.key(), method, group, f, p10, g == null ? zero : g.p50(), p90,
                            actualMoney, accuracy, covered, complete));
                }
            }
        }
        List<Summary> perPeriod = new ArrayList<>();
        List<Summary> overall = new ArrayList<>();
        List<String> incomplete = periods.stream().filter(p -> !isComplete(p, knownAsOf)).map(BusinessPeriod::key)
                .toList();
        for (Method method : methods) {
            for (BusinessPeriod period : periods) {
                if (isComplete(period, knownAsOf)) {
                    perPeriod.add(summary(period.key(), method, rows.stream()
                            .filter(r -> r.method() == method && r.period().equals(period.key())).toList()));
                }
            }
            overall.add(summary(OVERALL, method, rows.stream().filter(r -> r.method() == method && r.complete())
                    .toList()));
        }
        return new Report(from.key(), to.key(), groupBy, knownAsOf, List.copyOf(rows), List.copyOf(perPeriod),
                List.copyOf(overall), List.copyOf(provenance), answerCurrency, List.copyOf(warnings), incomplete);
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
