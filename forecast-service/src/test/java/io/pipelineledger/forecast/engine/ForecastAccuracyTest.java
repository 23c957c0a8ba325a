package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance evidence: on generated histories (36 reps in 6 teams of different skill and discipline, seasonal
 * deal creation, 3 years: a warm-up year then 8 quarters forecast as of each quarter's start), the learned method
 * beats the classic stage-weighted baseline, and its P10–P90 band holds the actual about 80 % of the time.
 * One history's 8 quarters are too few for a stable coverage figure (one quarter is 12.5 points), so coverage is
 * asserted pooled over 10 independent histories (80 company quarters, 480 team quarters). Prints the figures.
 */
class ForecastAccuracyTest {

    private static final Instant START = Instant.parse("2023-10-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final BusinessPeriod FROM = BusinessPeriod.parse("2024-Q4").orElseThrow();
    private static final BusinessPeriod TO = BusinessPeriod.parse("2026-Q3").orElseThrow();
    private static final List<Method> METHODS = List.of(Method.LEARNED, Method.BASELINE);

    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());

    @Test
    void theLearnedForecastBeatsTheBaselineAndItsBandHoldsTheActualEightTimesInTen() {
        List<Backtest.Row> company = new ArrayList<>();
        List<Backtest.Row> teams = new ArrayList<>();
        Backtest.Report first = null;
        for (long seed = 1; seed <= 10; seed++) {
            DealHistories deals = GeneratedHistories.generate(seed, 36, 2, START, END, 3.0);
            Backtest.Report all = Backtest.run(engine, deals, FROM, TO, Grouping.ALL, METHODS, END);
            Backtest.Report byTeam = Backtest.run(engine, deals, FROM, TO, Grouping.TEAM, METHODS, END);
            company.addAll(all.rows());
            teams.addAll(byTeam.rows());
            if (first == null) {
                first = all;
            }
            System.out.printf(Locale.ROOT, "history %2d: %s | %s%n", seed, line(all.overall(Method.LEARNED)),
                    line(all.overall(Method.BASELINE)));
        }

        System.out.println("\nOne history (seed 1), company level, forecast as of each quarter's start:");
        System.out.println("quarter  method      forecast         P10         P90      actual  in band");
        for (Backtest.Row r : first.rows()) {
            System.out.printf(Locale.ROOT, "%s  %-8s %11.0f %11.0f %11.0f %11.0f  %s%n", r.period(), r.method(),
                    r.forecast().doubleValue(), r.p10().doubleValue(), r.p90().doubleValue(),
                    r.actual().doubleValue(), r.covered() ? "yes" : "no");
        }
        Backtest.Summary learned = first.overall(Method.LEARNED);
        Backtest.Summary baseline = first.overall(Method.BASELINE);
        System.out.println("seed 1 learned:  " + line(learned));
        System.out.println("seed 1 baseline: " + line(baseline));

        Backtest.Summary companyLearned = Backtest.summary("10 histories, company", Method.LEARNED,
                company.stream().filter(r -> r.method() == Method.LEARNED).toList());
        Backtest.Summary companyBaseline = Backtest.summary("10 histories, company", Method.BASELINE,
                company.stream().filter(r -> r.method() == Method.BASELINE).toList());
        Backtest.Summary teamLearned = Backtest.summary("10 histories, teams", Method.LEARNED,
                teams.stream().filter(r -> r.method() == Method.LEARNED).toList());
        Backtest.Summary teamBaseline = Backtest.summary("10 histories, teams", Method.BASELINE,
                teams.stream().filter(r -> r.method() == Method.BASELINE).toList());
        System.out.println("pooled company learned:  " + line(companyLearned));
        System.out.println("pooled company baseline: " + line(companyBaseline));
        System.out.println("pooled teams learned:    " + line(teamLearned));
        System.out.println("pooled teams baseline:   " + line(teamBaseline));

        assertThat(first.rows().stream().map(Backtest.Row::period).distinct().count()).isGreaterThanOrEqualTo(8);
        assertThat(learned.wmape()).isLessThan(baseline.wmape());
        assertThat(companyLearned.wmape()).isLessThan(companyBaseline.wmape());
        assertThat(companyLearned.coverage()).isBetween(0.70, 0.90);
        assertThat(teamLearned.coverage()).isBetween(0.70, 0.90);
    }

    private static String line(Backtest.Summary s) {
        return String.format(Locale.ROOT, "%-8s rows=%3d accuracy=%.3f MAPE=%.3f WMAPE=%.3f bias=%+.3f coverage=%.3f",
                s.method(), s.rows(), s.accuracy(), s.mape(), s.wmape(), s.bias(), s.coverage());
    }
}
