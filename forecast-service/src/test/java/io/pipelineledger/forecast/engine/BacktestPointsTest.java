package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Accuracy by point in period: the as-of instants are the documented ones (dates written out here by hand), a
 * point's row is the engine's own forecast as of that instant, asked directly, and {@code byPoint} is recomputed
 * from the rows by the formulas in the docs, over the complete periods only.
 */
class BacktestPointsTest {

    private static final Instant START = Instant.parse("2024-10-01T00:00:00Z");
    private static final Instant ASKED = Instant.parse("2026-11-15T00:00:00Z");
    private static final BusinessPeriod Q1 = quarter("2026-Q1");
    private static final BusinessPeriod Q2 = quarter("2026-Q2");
    private static final BusinessPeriod Q3 = quarter("2026-Q3");
    private static final BusinessPeriod Q4 = quarter("2026-Q4");
    private static final List<Method> METHODS = List.of(Method.LEARNED, Method.BASELINE);

    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(),
            ForecastSettings.defaults().withSimulations(300));
    private final DealHistories deals = GeneratedHistories.generate(7, 12, 2, START, ASKED, 3.0);

    @Test
    void thirdsAndWeeksAreTheDocumentedDayStarts() {
        // Q3 has 92 days: round(92/3) = 31, round(184/3) = 61
        assertThat(BacktestPoints.THIRDS.in(Q3)).containsExactly(
                point("start", "2026-07-01"), point("third", "2026-08-01"), point("two-thirds", "2026-08-31"));
        // Q1 2026 has 90 days: 30 and 60
        assertThat(BacktestPoints.THIRDS.in(Q1)).containsExactly(
                point("start", "2026-01-01"), point("third", "2026-01-31"), point("two-thirds", "2026-03-02"));
        // February 2026, 28 days: round(9.33) = 9, round(18.67) = 19
        assertThat(BacktestPoints.THIRDS.in(BusinessPeriod.parse("2026-02").orElseThrow())).containsExactly(
                point("start", "2026-02-01"), point("third", "2026-02-10"), point("two-thirds", "2026-02-20"));
        assertThat(BacktestPoints.START.in(Q3)).containsExactly(point("start", "2026-07-01"));

        // 92 days: week-13 is day 91, 30 September; a 90-day quarter stops at week-12 (day 84, 26 March)
        List<BacktestPoints.Point> q3Weeks = BacktestPoints.WEEKLY.in(Q3);
        assertThat(q3Weeks).hasSize(14);
        assertThat(q3Weeks.get(5)).isEqualTo(point("week-5", "2026-08-05"));
        assertThat(q3Weeks.get(13)).isEqualTo(point("week-13", "2026-09-30"));
        List<BacktestPoints.Point> q1Weeks = BacktestPoints.WEEKLY.in(Q1);
        assertThat(q1Weeks).hasSize(13);
        assertThat(q1Weeks.get(12)).isEqualTo(point("week-12", "2026-03-26"));
        assertThat(q1Weeks).extracting(BacktestPoints.Point::name)
                .containsExactlyElementsOf(IntStream.rangeClosed(0, 12)
                        .mapToObj(k -> k == 0 ? "start" : "week-" + k).toList());

        assertThat(BacktestPoints.WEEKLY.fits(BusinessPeriod.Granularity.MONTH)).isFalse();
        assertThatThrownBy(() -> BacktestPoints.WEEKLY.in(BusinessPeriod.parse("2026-02").orElseThrow()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BacktestPoints.parse("Weekly")).contains(BacktestPoints.WEEKLY);
        assertThat(BacktestPoints.parse("bogus")).isEmpty();
    }

    @Test
    void aPointsRowIsTheForecastAskedDirectlyAsOfThatInstant() {
        Backtest.Report hindsight = Backtest.run(engine, deals, Q3, Q3, Grouping.TEAM, METHODS, ASKED, null,
                KnownAt.at(ASKED), BacktestPoints.THIRDS);
        Instant third = Instant.parse("2026-08-01T00:00:00Z");
        Forecast asked = engine.forecast(new ForecastRequest(Q3, third, Grouping.TEAM, Method.LEARNED),
                deals.recordedBefore(ASKED));
        sameNumbers(hindsight, "third", Method.LEARNED, asked);

        // known at each point: what the ledger had recorded by that day
        Backtest.Report eachOrigin = Backtest.run(engine, deals, Q3, Q3, Grouping.TEAM, METHODS, ASKED, null,
                KnownAt.EACH_ORIGIN, BacktestPoints.WEEKLY);
        Instant week5 = Instant.parse("2026-08-05T00:00:00Z");
        sameNumbers(eachOrigin, "week-5", Method.BASELINE, engine.forecast(new ForecastRequest(Q3, week5,
                Grouping.TEAM, Method.BASELINE), deals.recordedBefore(week5)));

        // the actual is the period's, whatever the point; later points know more, so they forecast differently
        for (Backtest.Row row : eachOrigin.rows()) {
            Backtest.Row atStart = row(eachOrigin, "start", row.method(), row.group());
            assertThat(row.actual()).isEqualByComparingTo(atStart.actual());
        }
        String team = first(eachOrigin).group();
        assertThat(row(eachOrigin, "week-12", Method.LEARNED, team).forecast())
                .isNotEqualByComparingTo(row(eachOrigin, "start", Method.LEARNED, team).forecast());
    }

    @Test
    void byPointIsRecomputedFromTheRowsOfCompletePeriodsOnly() {
        Backtest.Report report = Backtest.run(engine, deals, Q2, Q4, Grouping.TEAM, METHODS, ASKED, null,
                KnownAt.EACH_ORIGIN, BacktestPoints.THIRDS);
        assertThat(report.points()).isEqualTo("thirds");
        assertThat(report.incompletePeriods()).containsExactly("2026-Q4");
        // Q4's third (1 November) is before the asking instant, its two-thirds (1 December) is not: not asked
        assertThat(report.rows()).filteredOn(r -> r.period().equals("2026-Q4")).extracting(Backtest.Row::point)
                .containsOnly("start", "third");
        assertThat(report.rows()).allMatch(r -> !r.asOf().isAfter(ASKED));

        for (Method method : METHODS) {
            for (String point : List.of("start", "third", "two-thirds")) {
                List<Backtest.Row> complete = report.rows().stream().filter(r -> r.method() == method
                        && r.point().equals(point) && r.complete()).toList();
                assertThat(complete).extracting(Backtest.Row::period).containsOnly("2026-Q2", "2026-Q3");
                Backtest.Summary s = report.atPoint(method, point).orElseThrow();
                assertThat(s.rows()).isEqualTo(complete.size());
                double abs = 0;
                double error = 0;
                double actual = 0;
                int covered = 0;
                for (Backtest.Row r : complete) {
                    double a = r.actual().doubleValue();
                    double f = r.forecast().doubleValue();
                    abs += Math.abs(a - f);
                    error += f - a;
                    actual += a;
                    boolean in = r.p10().doubleValue() <= a && a <= r.p90().doubleValue();
                    covered += in ? 1 : 0;
                }
                assertThat(s.wmape()).isCloseTo(abs / actual, within(1e-12));
                assertThat(s.accuracy()).isCloseTo(1 - abs / actual, within(1e-12));
                assertThat(s.bias()).isCloseTo(error / actual, within(1e-12));
                assertThat(s.coverage()).isCloseTo(covered / (double) complete.size(), within(1e-12));
            }
            // the start point's summary is the overall one, which stays what it was
            Backtest.Summary start = report.atPoint(method, "start").orElseThrow();
            Backtest.Summary overall = report.overall(method);
            assertThat(start.wmape()).isEqualTo(overall.wmape());
            assertThat(start.rows()).isEqualTo(overall.rows());
        }
        // Q4's rows (incomplete) would change the third's figure: the test can tell they were left out
        List<Backtest.Row> withQ4 = report.rows().stream().filter(r -> r.method() == Method.LEARNED
                && r.point().equals("third")).toList();
        assertThat(withQ4.size()).isGreaterThan(report.atPoint(Method.LEARNED, "third").orElseThrow().rows());

        // the default is the backtest as it was: start rows only, the same perPeriod and overall
        Backtest.Report plain = Backtest.run(engine, deals, Q2, Q4, Grouping.TEAM, METHODS, ASKED, null,
                KnownAt.EACH_ORIGIN);
        assertThat(plain.rows()).allMatch(r -> r.point().equals("start"));
        assertThat(plain.rows()).isEqualTo(report.rows().stream().filter(r -> r.point().equals("start")).toList());
        assertThat(plain.perPeriod()).isEqualTo(report.perPeriod());
        assertThat(plain.overall()).isEqualTo(report.overall());
    }

    @Test
    void weeklyPointsCostAndShape() {
        BusinessPeriod from = quarter("2024-Q4");
        BusinessPeriod to = quarter("2026-Q3");
        Instant asked = Q4.start();
        DealHistories history = GeneratedHistories.generate(7, 12, 2, Instant.parse("2024-01-01T00:00:00Z"), asked,
                3.0);
        long t = System.nanoTime();
        Backtest.Report start = Backtest.run(engine, history, from, to, Grouping.ALL, METHODS, asked, null,
                KnownAt.EACH_ORIGIN, BacktestPoints.START);
        double startMs = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        Backtest.Report weekly = Backtest.run(engine, history, from, to, Grouping.ALL, METHODS, asked, null,
                KnownAt.EACH_ORIGIN, BacktestPoints.WEEKLY);
        double weeklyMs = (System.nanoTime() - t) / 1e6;
        System.out.printf("RESULT backtest.8quarters.start.ms %.0f%nRESULT backtest.8quarters.weekly.ms %.0f%n"
                + "RESULT backtest.8quarters.weekly.learns %d%n", startMs, weeklyMs,
                weekly.rows().stream().map(Backtest.Row::asOf).distinct().count());

        // 8 quarters: 8 × 13 points, plus week-13 in the four 92-day quarters (Q3, Q4 of each year)
        assertThat(weekly.rows().stream().map(Backtest.Row::asOf).distinct().count()).isEqualTo(8 * 13 + 4);
        assertThat(weekly.atPoint(Method.LEARNED, "week-13").orElseThrow().rows()).isEqualTo(4);
        assertThat(weekly.atPoint(Method.LEARNED, "week-12").orElseThrow().rows()).isEqualTo(8);
        assertThat(weekly.overall()).isEqualTo(start.overall());
        // with the quarter nearly over most of it is won already: the late weeks are closer than the start
        assertThat(weekly.atPoint(Method.LEARNED, "week-12").orElseThrow().wmape())
                .isLessThan(weekly.atPoint(Method.LEARNED, "start").orElseThrow().wmape());
    }

    private static void sameNumbers(Backtest.Report report, String point, Method method, Forecast direct) {
        assertThat(direct.groups()).isNotEmpty();
        for (GroupForecast g : direct.groups()) {
            Backtest.Row row = row(report, point, method, g.group());
            assertThat(row.asOf()).isEqualTo(direct.asOf());
            assertThat(List.of(row.forecast(), row.p10(), row.p50(), row.p90())).as(point + " " + g.group())
                    .usingElementComparator(BigDecimal::compareTo)
                    .containsExactly(g.expected(), g.p10(), g.p50(), g.p90());
        }
    }

    private static Backtest.Row first(Backtest.Report report) {
        return report.rows().get(0);
    }

    private static Backtest.Row row(Backtest.Report report, String point, Method method, String group) {
        return report.rows().stream().filter(r -> r.point().equals(point) && r.method() == method
                && r.group().equals(group)).findFirst().orElseThrow(() -> new AssertionError(point + " " + group));
    }

    private static BacktestPoints.Point point(String name, String day) {
        return new BacktestPoints.Point(name, Instant.parse(day + "T00:00:00Z"));
    }

    private static BusinessPeriod quarter(String key) {
        return BusinessPeriod.parse(key).orElseThrow();
    }
}
