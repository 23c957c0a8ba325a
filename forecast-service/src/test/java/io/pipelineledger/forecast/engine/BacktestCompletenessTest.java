package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A backtest asked in the middle of a quarter: that quarter's rows are shown, flagged incomplete, and every summary
 * is over the finished quarters only (figures recomputed here from the rows, by the formulas in the docs).
 */
class BacktestCompletenessTest {

    private static final Instant START = Instant.parse("2024-10-01T00:00:00Z");
    private static final Instant ASKED = Instant.parse("2026-11-15T00:00:00Z");
    private static final BusinessPeriod FROM = BusinessPeriod.parse("2026-Q2").orElseThrow();
    private static final BusinessPeriod TO = BusinessPeriod.parse("2026-Q4").orElseThrow();

    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(),
            ForecastSettings.defaults().withSimulations(300));

    @Test
    void theCurrentQuarterIsShownFlaggedAndLeftOutOfEverySummary() {
        DealHistories deals = GeneratedHistories.generate(7, 12, 2, START, ASKED, 3.0);
        Backtest.Report report = Backtest.run(engine, deals, FROM, TO, Grouping.TEAM,
                List.of(Method.LEARNED, Method.BASELINE), ASKED);

        assertThat(report.rows()).extracting(Backtest.Row::period).contains("2026-Q2", "2026-Q3", "2026-Q4");
        for (Backtest.Row row : report.rows()) {
            assertThat(row.complete()).as(row.period() + " " + row.group()).isEqualTo(!row.period().equals("2026-Q4"));
        }
        assertThat(report.incompletePeriods()).containsExactly("2026-Q4");
        assertThat(report.perPeriod()).extracting(Backtest.Summary::scope).doesNotContain("2026-Q4")
                .contains("2026-Q2", "2026-Q3");

        for (Method method : List.of(Method.LEARNED, Method.BASELINE)) {
            List<Backtest.Row> complete = report.rows().stream().filter(r -> r.method() == method && r.complete())
                    .toList();
            List<Backtest.Row> all = report.rows().stream().filter(r -> r.method() == method).toList();
            Backtest.Summary overall = report.overall(method);
            assertThat(overall.rows()).isEqualTo(complete.size()).isLessThan(all.size());
            assertThat(overall.wmape()).isCloseTo(wmape(complete), within(1e-12));
            assertThat(overall.bias()).isCloseTo(bias(complete), within(1e-12));
            assertThat(overall.coverage()).isCloseTo(coverage(complete), within(1e-12));
            // counting the quarter half-way through would have changed the figure: the test can tell
            assertThat(wmape(all)).isNotCloseTo(overall.wmape(), within(1e-6));
        }
    }

    @Test
    void aPeriodIsCompleteOnceItsExclusiveEndHasPassed() {
        BusinessPeriod q3 = BusinessPeriod.parse("2026-Q3").orElseThrow();
        assertThat(Backtest.isComplete(q3, q3.end())).isTrue();
        assertThat(Backtest.isComplete(q3, q3.end().minusNanos(1))).isFalse();

        // asked the instant Q3 ends: all its rows are complete and nothing is left out
        DealHistories deals = GeneratedHistories.generate(7, 12, 2, START, q3.end(), 3.0);
        Backtest.Report report = Backtest.run(engine, deals, q3, q3, Grouping.ALL, List.of(Method.BASELINE),
                q3.end());
        assertThat(report.rows()).allMatch(Backtest.Row::complete);
        assertThat(report.incompletePeriods()).isEmpty();
        assertThat(report.overall(Method.BASELINE).rows()).isEqualTo(report.rows().size());
    }

    private static double wmape(List<Backtest.Row> rows) {
        double abs = 0;
        double actual = 0;
        for (Backtest.Row r : rows) {
            abs += Math.abs(r.actual().doubleValue() - r.forecast().doubleValue());
            actual += r.actual().doubleValue();
        }
        return abs / actual;
    }

    private static double bias(List<Backtest.Row> rows) {
        double error = 0;
        double actual = 0;
        for (Backtest.Row r : rows) {
            error += r.forecast().doubleValue() - r.actual().doubleValue();
            actual += r.actual().doubleValue();
        }
        return error / actual;
    }

    /** Share of rows with P10 ≤ actual ≤ P90, from the amounts (not the rows' own flag). */
    private static double coverage(List<Backtest.Row> rows) {
        long in = rows.stream().filter(r -> r.p10().compareTo(r.actual()) <= 0 && r.actual().compareTo(r.p90()) <= 0)
                .count();
        return in / (double) rows.size();
    }
}
