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
 * method=auto on the generated histories (the ones {@link ForecastAccuracyTest} uses): 8 quarters forecast as of
 * each quarter's start, each origin's auto running its own self-check strictly before that origin (one cache per
 * backtest). Compared with every candidate backtested alone. Prints the figures.
 */
class AutoForecastAccuracyTest {

    private static final Instant START = Instant.parse("2023-10-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final BusinessPeriod FROM = BusinessPeriod.parse("2024-Q4").orElseThrow();
    private static final BusinessPeriod TO = BusinessPeriod.parse("2026-Q3").orElseThrow();
    private static final long[] SEEDS = {1, 2, 3};

    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());

    @Test
    void autoIsAsAccurateAsTheBestCandidateAndItsBandHoldsTheActualSevenToNineTimesInTen() {
        List<Backtest.Row> auto = new ArrayList<>();
        List<List<Backtest.Row>> byCandidate = new ArrayList<>();
        List<Candidate> candidates = Candidate.of(engine);
        candidates.forEach(c -> byCandidate.add(new ArrayList<>()));
        for (long seed : SEEDS) {
            DealHistories deals = GeneratedHistories.generate(seed, 36, 2, START, END, 3.0);
            SelfCheckCache cache = new SelfCheckCache();
            long t0 = System.nanoTime();
            Backtest.Report report = Backtest.run(engine, deals, FROM, TO, Grouping.ALL, List.of(Method.AUTO), END,
                    null, KnownAt.EACH_ORIGIN, cache);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            auto.addAll(report.rows());
            System.out.printf(Locale.ROOT, "history %d: auto %s (backtest of 8 quarters with auto: %d ms, %d "
                    + "answers computed, %d from the cache)%n", seed, line(report.overall(Method.AUTO)), millis,
                    cache.misses(), cache.hits());
            for (int c = 0; c < candidates.size(); c++) {
                Candidate candidate = candidates.get(c);
                try {
                    Backtest.Report alone = Backtest.run(candidate.engine(), deals, FROM, TO, Grouping.ALL,
                            List.of(candidate.method()), END, null, KnownAt.EACH_ORIGIN);
                    byCandidate.get(c).addAll(alone.rows());
                } catch (IllegalArgumentException e) {
                    if (!Candidate.notAvailable(e)) {
                        throw e;
                    }
                }
            }
        }
        Backtest.Summary autoSummary = Backtest.summary("auto", Method.AUTO, auto);
        System.out.println("pooled " + line(autoSummary));
        double best = Double.POSITIVE_INFINITY;
        double runRate = Double.POSITIVE_INFINITY;
        for (int c = 0; c < candidates.size(); c++) {
            if (byCandidate.get(c).isEmpty()) {
                System.out.println("candidate " + candidates.get(c).name() + ": not available");
                continue;
            }
            Backtest.Summary s = Backtest.summary(candidates.get(c).name(), candidates.get(c).method(),
                    byCandidate.get(c));
            System.out.println("pooled " + candidates.get(c).name() + " " + line(s));
            best = Math.min(best, s.wmape());
            if (candidates.get(c).method() == Method.RUN_RATE) {
                runRate = s.wmape();
            }
        }
        for (Backtest.Row r : auto) {
            System.out.printf(Locale.ROOT, "%s forecast %11.0f P10 %11.0f P50 %11.0f P90 %11.0f actual %11.0f %s%n",
                    r.period(), r.forecast().doubleValue(), r.p10().doubleValue(), r.p50().doubleValue(),
                    r.p90().doubleValue(), r.actual().doubleValue(), r.covered() ? "in" : "OUT");
        }
        assertThat(auto.stream().map(Backtest.Row::period).distinct().count()).isGreaterThanOrEqualTo(8);
        assertThat(autoSummary.wmape()).isLessThanOrEqualTo(1.1 * best).isLessThan(runRate);
        assertThat(autoSummary.coverage()).isBetween(0.70, 0.90);
    }

    private static String line(Backtest.Summary s) {
        return String.format(Locale.ROOT, "rows=%3d WMAPE=%.3f bias=%+.3f coverage=%.3f", s.rows(), s.wmape(),
                s.bias(), s.coverage());
    }
}
