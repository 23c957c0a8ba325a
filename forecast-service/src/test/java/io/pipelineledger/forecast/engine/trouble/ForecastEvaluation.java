package io.pipelineledger.forecast.engine.trouble;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.forecast.engine.Backtest;
import io.pipelineledger.forecast.engine.DealState;
import io.pipelineledger.forecast.engine.DealStates;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastModel;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.GroupForecast;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.engine.trouble.TroubleGenerators.Scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Rolling-origin accuracy of forecast methods on a generated history: company level (grouping ALL), every quarter and
 * every month of the scenario's ranges, as of each period's start (through {@link Backtest#run}) and, optionally, as
 * of its middle (the engine asked directly, as the backtest would). Pooled per method over all those points:
 * WMAPE = Σ|A − F| / ΣA, bias = Σ(F − A) / ΣA (positive: over-forecast), coverage = share of points with
 * P10 ≤ A ≤ P90. The actuals are summed here from the deal states at the history's end and checked against the
 * backtest's own.
 */
final class ForecastEvaluation {

    /** One forecast against its actual. */
    record Point(String period, BusinessPeriod.Granularity granularity, Instant asOf, boolean midPeriod,
                 Method method, double forecast, double p10, double p90, double actual) {

        boolean covered() {
            return p10 <= actual && actual <= p90;
        }
    }

    /** A method's pooled figures over a set of points. */
    record Score(Method method, int points, double wmape, double bias, double coverage) {

        static Score of(Method method, List<Point> points) {
            double abs = 0;
            double signed = 0;
            double actual = 0;
            int covered = 0;
            for (Point p : points) {
                abs += Math.abs(p.actual() - p.forecast());
                signed += p.forecast() - p.actual();
                actual += p.actual();
                covered += p.covered() ? 1 : 0;
            }
            return new Score(method, points.size(), actual > 0 ? abs / actual : Double.NaN,
                    actual > 0 ? signed / actual : Double.NaN,
                    points.isEmpty() ? Double.NaN : covered / (double) points.size());
        }
    }

    /** Which origins to ask at: the periods' starts always; their middles if asked. */
    record Origins(boolean quarters, boolean months, boolean midPeriod) {
        static final Origins FULL = new Origins(true, true, true);
    }

    private final Scenario scenario;
    private final ForecastEngine engine;
    private final DealStates atEnd;

    ForecastEvaluation(Scenario scenario, ForecastSettings settings) {
        this.scenario = scenario;
        this.engine = new ForecastEngine(scenario.process(), settings);
        this.atEnd = engine.states(scenario.deals(), scenario.end());
    }

    ForecastEvaluation(Scenario scenario) {
        this(scenario, ForecastSettings.defaults());
    }

    /** Every point of every method at the origins asked for. */
    List<Point> points(List<Method> methods, Origins origins) {
        List<Point> points = new ArrayList<>();
        if (origins.quarters()) {
            points.addAll(points(scenario.firstQuarter(), scenario.lastQuarter(), methods, origins.midPeriod()));
        }
        if (origins.months()) {
            points.addAll(points(scenario.firstMonth(), scenario.lastMonth(), methods, origins.midPeriod()));
        }
        return points;
    }

    Map<Method, Score> scores(List<Method> methods, Origins origins) {
        return scores(points(methods, origins), methods, p -> true);
    }

    static Map<Method, Score> scores(List<Point> points, List<Method> methods, Predicate<Point> which) {
        Map<Method, Score> scores = new EnumMap<>(Method.class);
        for (Method m : methods) {
            scores.put(m, Score.of(m, points.stream().filter(p -> p.method() == m).filter(which).toList()));
        }
        return scores;
    }

    /** The forecast of one method as of a period's start. */
    Point asOfStart(BusinessPeriod period, Method method) {
        return ask(period, period.start(), false, method);
    }

    /** What was won in the period, summed from the deal states at the history's end. */
    double actual(BusinessPeriod period) {
        double sum = 0;
        for (DealState d : atEnd.deals()) {
            if (d.won() && period.contains(d.wonAt())) {
                sum += d.wonAmount();
            }
        }
        return sum;
    }

    private List<Point> points(BusinessPeriod from, BusinessPeriod to, List<Method> methods, boolean midPeriod) {
        Backtest.Report report = Backtest.run(engine, scenario.deals(), from, to, Grouping.ALL, methods,
                scenario.end());
        List<Point> points = new ArrayList<>();
        for (Backtest.Row r : report.rows()) {
            BusinessPeriod period = TroubleGenerators.period(r.period());
            double actual = actual(period);
            if (Math.abs(actual - r.actual().doubleValue()) > 0.01 * Math.max(1, actual) + 1) {
                throw new IllegalStateException("backtest actual " + r.actual() + " != " + actual + " in "
                        + r.period());
            }
            points.add(new Point(r.period(), period.granularity(), period.start(), false, r.method(),
                    r.forecast().doubleValue(), r.p10().doubleValue(), r.p90().doubleValue(), actual));
        }
        if (midPeriod) {
            for (BusinessPeriod p = from; !p.start().isAfter(to.start()); p = p.next()) {
                Instant mid = p.start().plus(Duration.ofDays(Duration.between(p.start(), p.end()).toDays() / 2));
                ForecastModel model = engine.learn(scenario.deals(), mid);
                DealStates states = engine.states(scenario.deals(), mid);
                for (Method m : methods) {
                    points.add(point(p, mid, true, m, model, states));
                }
            }
        }
        return points;
    }

    private Point ask(BusinessPeriod period, Instant asOf, boolean mid, Method method) {
        return point(period, asOf, mid, method, engine.learn(scenario.deals(), asOf),
                engine.states(scenario.deals(), asOf));
    }

    /**
     * Learned and baseline apply the model learned once for the origin; any other method (cohort, run-rate, auto:
     * they learn from the histories, auto self-checks on them) is asked through the engine's entry point that reads
     * the histories up to as-of.
     */
    private Point point(BusinessPeriod period, Instant asOf, boolean mid, Method method, ForecastModel model,
                        DealStates states) {
        ForecastRequest request = new ForecastRequest(period, asOf, Grouping.ALL, method);
        Forecast f = method == Method.LEARNED || method == Method.BASELINE ? engine.forecast(request, model, states)
                : engine.forecast(request, scenario.deals());
        GroupForecast g = f.group(Grouping.ALL_KEY).orElse(null);
        return new Point(period.key(), period.granularity(), asOf, mid, method,
                g == null ? 0 : g.expected().doubleValue(), g == null ? 0 : g.p10().doubleValue(),
                g == null ? 0 : g.p90().doubleValue(), actual(period));
    }

    /**
     * Prints, in markdown, the pooled table for every generator × method (methods as arguments, e.g. {@code learned
     * baseline}; default all five — a method the engine does not compute yet is shown as n/a) and the forecast of
     * the second quarter after the drop on (a).
     */
    public static void main(String[] args) {
        List<Method> methods = args.length == 0 ? Arrays.asList(Method.values())
                : Arrays.stream(args).map(a -> Method.valueOf(a.toUpperCase(Locale.ROOT))).toList();
        long seed = 1;
        System.out.println("| generator | deals | method | points | WMAPE | bias | P10–P90 coverage "
                + "| WMAPE Q start | WMAPE M start | WMAPE mid-period |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Scenario s : TroubleGenerators.all(seed)) {
            long t0 = System.nanoTime();
            ForecastEvaluation evaluation = new ForecastEvaluation(s);
            for (Method m : methods) {
                List<Point> points;
                try {
                    points = evaluation.points(List.of(m), Origins.FULL);
                } catch (IllegalArgumentException e) {
                    System.out.printf(Locale.ROOT, "| %s | %d | %s | n/a: %s |%n", s.key(), s.dealCount(),
                            name(m), e.getMessage());
                    continue;
                }
                Score all = Score.of(m, points);
                Score q = Score.of(m, points.stream().filter(p -> !p.midPeriod()
                        && p.granularity() == BusinessPeriod.Granularity.QUARTER).toList());
                Score mo = Score.of(m, points.stream().filter(p -> !p.midPeriod()
                        && p.granularity() == BusinessPeriod.Granularity.MONTH).toList());
                Score mid = Score.of(m, points.stream().filter(Point::midPeriod).toList());
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %.3f | %+.3f | %.2f | %.3f | %.3f | %.3f |%n",
                        s.key(), s.dealCount(), name(m), all.points(), all.wmape(), all.bias(), all.coverage(),
                        q.wmape(), mo.wmape(), mid.wmape());
            }
            System.err.printf(Locale.ROOT, "%s: %.1f s%n", s.key(), (System.nanoTime() - t0) / 1e9);
        }
        Scenario drop = TroubleGenerators.conversionDrop(seed);
        ForecastEvaluation evaluation = new ForecastEvaluation(drop);
        BusinessPeriod q = TroubleGenerators.SECOND_QUARTER_AFTER_DROP;
        System.out.printf(Locale.ROOT, "%nOn (a), the second quarter after the drop (%s), as of its start; "
                + "actual %.0f%n%n", q.key(), evaluation.actual(q));
        System.out.println("| method | forecast | P10 | P90 | actual | forecast / actual − 1 | in band |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        for (Method m : methods) {
            try {
                Point p = evaluation.asOfStart(q, m);
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %+.3f | %s |%n", name(m),
                        p.forecast(), p.p10(), p.p90(), p.actual(), p.forecast() / p.actual() - 1,
                        p.covered() ? "yes" : "no");
            } catch (IllegalArgumentException e) {
                System.out.printf(Locale.ROOT, "| %s | n/a: %s |%n", name(m), e.getMessage());
            }
        }
    }

    private static String name(Method m) {
        return m.name().toLowerCase(Locale.ROOT);
    }
}
