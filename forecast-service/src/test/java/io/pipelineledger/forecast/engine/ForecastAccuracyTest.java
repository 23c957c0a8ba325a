package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

class ForecastAccuracyTest {

    @Test
    void explore() {
        Instant start = Instant.parse("2023-10-01T00:00:00Z");
        Instant end = Instant.parse("2026-10-01T00:00:00Z");
        ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());
        for (Grouping grouping : List.of(Grouping.ALL, Grouping.TEAM, Grouping.REP)) {
            int[] covered = new int[2];
            int[] rows = new int[2];
            double[] abs = new double[2];
            double[] act = new double[2];
            double[] err = new double[2];
            int below = 0, above = 0;
            for (long seed = 1; seed <= 10; seed++) {
                DealHistories deals = GeneratedHistories.generate(seed, 36, 2, start, end, 3.0);
                Backtest.Report report = Backtest.run(engine, deals, BusinessPeriod.parse("2024-Q4").orElseThrow(),
                        BusinessPeriod.parse("2026-Q3").orElseThrow(), grouping, List.of(Method.LEARNED, Method.BASELINE), end);
                for (Backtest.Row r : report.rows()) {
                    int m = r.method().ordinal();
                    rows[m]++;
                    covered[m] += r.covered() ? 1 : 0;
                    double a = r.actual().doubleValue(), f = r.forecast().doubleValue();
                    abs[m] += Math.abs(a - f);
                    act[m] += a;
                    err[m] += f - a;
                    if (m == 0 && !r.covered()) {
                        if (a < r.p10().doubleValue()) below++; else above++;
                    }
                }
            }
            for (int m = 0; m < 2; m++) {
                System.out.printf(Locale.ROOT, "%s %s rows=%d wmape=%.3f bias=%.3f coverage=%.3f%n", grouping,
                        Method.values()[m], rows[m], abs[m] / act[m], err[m] / act[m], covered[m] / (double) rows[m]);
            }
            System.out.printf(Locale.ROOT, "  learned misses: below p10 %d, above p90 %d%n", below, above);
        }
    }
}
