package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times the engine at scale: 500 reps (10 generated histories of 50, renamed), 2 years of history, and the
 * pipeline at as-of padded to 100,000 open deals with renamed copies of the open deals (same owners, stages, ages).
 * Run with {@code mvn -Pbenchmark -pl forecast-service -am test -Dtest=ForecastEngineBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}. Prints {@code RESULT name value} lines. With
 * {@code -DargLine=-Dbench.quick=true} it only times the warm forecast at 10, 200 and 2,000 simulations per method
 * (best of 5), which separates the per-deal timing work from the simulation.
 */
@Tag("benchmark")
class ForecastEngineBenchmark {

    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final int OPEN_DEALS = 100_000;

    @Test
    void forecastAtScale() {
        long started = System.nanoTime();
        DealHistories.Builder builder = DealHistories.builder();
        for (int chunk = 0; chunk < 10; chunk++) {
            CrmHistoryGenerator.Settings settings = new CrmHistoryGenerator.Settings(100 + chunk, 50, 2,
                    END.minus(Duration.ofDays(730)), END, 3.0, 0.05, 0.05);
            new GeneratedHistories(String.format(Locale.ROOT, "c%02d-", chunk))
                    .addAll(new CrmHistoryGenerator().generate(settings).events(), builder);
        }
        DealHistories history = builder.build();
        ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());
        Instant asOf = END;
        List<DealHistory> openNow = new ArrayList<>();
        for (DealState s : engine.states(history, asOf).deals()) {
            if (s.open()) {
                openNow.add(history.deals().stream().filter(d -> d.opportunityId().equals(s.opportunityId()))
                        .findFirst().orElseThrow());
            }
        }
        List<DealHistory> copies = new ArrayList<>();
        for (int i = 0; openNow.size() + copies.size() < OPEN_DEALS; i++) {
            DealHistory d = openNow.get(i % openNow.size());
            copies.add(d.renamed("x" + (i / openNow.size()) + "-" + d.opportunityId()));
        }
        DealHistories deals = history.with(copies);
        result("setup.seconds", (System.nanoTime() - started) / 1e9);
        result("deals", deals.deals().size());
        result("facts", deals.factCount());
        result("history.deals", history.deals().size());

        BusinessPeriod quarter = BusinessPeriod.parse("2026-Q4").orElseThrow();
        for (int round = 0; round < (Boolean.getBoolean("bench.quick") ? 1 : 3); round++) { // JIT warm-up
            engine.forecast(new ForecastRequest(quarter, asOf, Grouping.REP, Method.LEARNED), deals);
        }
        long t = System.nanoTime();
        ForecastModel model = engine.learn(deals, asOf);
        result("learn.ms", (System.nanoTime() - t) / 1e6);
        t = System.nanoTime();
        DealStates states = engine.states(deals, asOf);
        result("states.ms", (System.nanoTime() - t) / 1e6);
        result("open.deals", states.deals().stream().filter(DealState::open).count());
        engine.forecast(new ForecastRequest(quarter, asOf, Grouping.REP, Method.LEARNED), model, states);

        if (Boolean.getBoolean("bench.quick")) {
            for (int sims : new int[]{10, 200, 2000}) {
                ForecastEngine e = new ForecastEngine(DefaultSalesProcess.get(),
                        ForecastSettings.defaults().withSimulations(sims));
                for (Method method : java.util.Arrays.stream(Method.values()).filter(m -> m != Method.AUTO).toList()) {
                    double best = Double.MAX_VALUE;
                    for (int i = 0; i < 5; i++) {
                        t = System.nanoTime();
                        e.forecast(new ForecastRequest(quarter, asOf, Grouping.REP, method), model, states, deals);
                        best = Math.min(best, (System.nanoTime() - t) / 1e6);
                    }
                    result("quick." + method + ".sims" + sims + ".ms", best);
                }
            }
            return;
        }
        for (Grouping grouping : List.of(Grouping.REP, Grouping.ALL)) {
            double[] ms = new double[50];
            Forecast last = null;
            for (int i = 0; i < ms.length; i++) {
                t = System.nanoTime();
                last = engine.forecast(new ForecastRequest(quarter, asOf, grouping, Method.LEARNED), model, states);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            result("warm." + grouping + ".groups", last.groups().size());
            result("warm." + grouping + ".p50.ms", ms[ms.length / 2]);
            result("warm." + grouping + ".p99.ms", ms[(int) Math.ceil(0.99 * ms.length) - 1]);
        }

        double[] past = new double[5];
        for (int i = 0; i < past.length; i++) {
            Instant then = asOf.minus(Duration.ofDays(90 + 7 * i));
            t = System.nanoTime();
            engine.forecast(new ForecastRequest(BusinessPeriod.containing(then, BusinessPeriod.Granularity.QUARTER),
                    then, Grouping.REP, Method.LEARNED), deals);
            past[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(past);
        result("pastAsOf.withLearning.median.ms", past[past.length / 2]);
        result("pastAsOf.withLearning.max.ms", past[past.length - 1]);

        // method=auto as of a past date, cold: its self-check learns every candidate at every origin (issue 15)
        Instant then = asOf.minus(Duration.ofDays(90));
        ForecastRequest autoAsked = new ForecastRequest(BusinessPeriod.containing(then,
                BusinessPeriod.Granularity.QUARTER), then, Grouping.REP, Method.AUTO);
        t = System.nanoTime();
        SelfCheckCache cache = new SelfCheckCache();
        PreparedForecast prepared = PreparedForecast.prepare(engine, deals, then, cache);
        Forecast auto = prepared.forecast(autoAsked);
        result("pastAsOf.auto.cold.ms", (System.nanoTime() - t) / 1e6);
        result("pastAsOf.auto.selfCheck.origins", auto.provenance().selfCheck().origins().size());
        t = System.nanoTime();
        prepared.forecast(autoAsked);
        result("pastAsOf.auto.again.ms", (System.nanoTime() - t) / 1e6);
        t = System.nanoTime();
        PreparedForecast.prepare(engine, deals, then.plus(Duration.ofDays(1)), cache).forecast(
                new ForecastRequest(autoAsked.period(), then.plus(Duration.ofDays(1)), Grouping.REP, Method.AUTO));
        result("pastAsOf.auto.nextDay.sharedCache.ms", (System.nanoTime() - t) / 1e6);

        t = System.nanoTime();
        Backtest.Report report = Backtest.run(engine, deals, BusinessPeriod.parse("2024-Q4").orElseThrow(),
                BusinessPeriod.parse("2026-Q3").orElseThrow(), Grouping.ALL, List.of(Method.LEARNED, Method.BASELINE),
                END);
        result("backtest.8quarters.2methods.ms", (System.nanoTime() - t) / 1e6);
        result("backtest.rows", report.rows().size());
    }

    private static void result(String name, Object value) {
        System.out.println("RESULT " + name + " " + value);
    }
}
