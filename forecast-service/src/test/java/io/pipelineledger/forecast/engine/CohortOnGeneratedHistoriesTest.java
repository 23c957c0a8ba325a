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
 * Cohort and run-rate on the existing generator (expected close dates present, the engine's own assumptions), 8
 * quarterly origins on three histories, company level: both stay close to the learned model there.
 */
class CohortOnGeneratedHistoriesTest {

    private static final Instant START = Instant.parse("2023-10-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final BusinessPeriod FROM = BusinessPeriod.parse("2024-Q4").orElseThrow();
    private static final BusinessPeriod TO = BusinessPeriod.parse("2026-Q3").orElseThrow();
    private static final List<Method> METHODS = List.of(Method.COHORT, Method.RUN_RATE, Method.LEARNED,
            Method.BASELINE);

    @Test
    void cohortAndRunRateAreWithinReachOfTheLearnedModelOnTheEnginesOwnGenerator() {
        ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(),
                ForecastSettings.defaults().withSimulations(400));
        List<Backtest.Row> rows = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            DealHistories deals = GeneratedHistories.generate(seed, 36, 2, START, END, 3.0);
            rows.addAll(Backtest.run(engine, deals, FROM, TO, Grouping.ALL, METHODS, END).rows());
        }
        double[] wmape = new double[METHODS.size()];
        for (int m = 0; m < METHODS.size(); m++) {
            Method method = METHODS.get(m);
            Backtest.Summary s = Backtest.summary("3 histories", method,
                    rows.stream().filter(r -> r.method() == method).toList());
            wmape[m] = s.wmape();
            System.out.printf(Locale.ROOT, "generated, quarter start, %-8s rows %d WMAPE %.3f bias %+.3f "
                    + "coverage %.2f%n", method, s.rows(), s.wmape(), s.bias(), s.coverage());
        }
        assertThat(wmape[0]).isLessThan(1.5 * wmape[2]).isLessThan(wmape[3]);
        assertThat(wmape[1]).isLessThan(wmape[3]);
    }
}
