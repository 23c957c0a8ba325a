package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A two-stage funnel without expected close dates where about half of a quarter's bookings come from deals opened
 * inside it (the shape of a CRM export the baseline cannot read): cohort yield against baseline and run-rate over
 * eight quarterly origins and mid-quarter as-ofs, measured against the actual bookings.
 */
class CohortFunnelTest {

    private static final LocalDate START = LocalDate.parse("2023-01-01");
    private static final LocalDate END = LocalDate.parse("2026-07-01");

    /**
     * Seeded: each rep opens deals at {@code perDay}; a deal waits in qualification ~25 days (exponential), moves
     * to closing with probability 0.55 (else lost), waits ~30 days, is won with probability 0.6 (else lost);
     * amounts lognormal around 10,000. Facts at day resolution, no expected close date.
     */
    static Facts funnel(long seed, int reps, double perDay) {
        Random random = new Random(seed);
        Facts facts = new Facts();
        int id = 0;
        for (int r = 0; r < reps; r++) {
            String rep = "r" + r;
            String team = "t" + (r % 4);
            double day = 0;
            long span = END.toEpochDay() - START.toEpochDay();
            while (true) {
                day += -Math.log(1 - random.nextDouble()) / perDay;
                if (day >= span) {
                    break;
                }
                String deal = "F" + (id++);
                LocalDate opened = START.plusDays((long) day);
                long amount = Math.round(10_000 * Math.exp(0.8 * random.nextGaussian() - 0.32));
                facts.opened(deal, opened.toString(), rep, team, "qualification", Math.max(100, amount), null);
                LocalDate moved = opened.plusDays(1 + (long) (-Math.log(1 - random.nextDouble()) * 25));
                if (random.nextDouble() >= 0.55) {
                    facts.lost(deal, moved.toString());
                    continue;
                }
                facts.stage(deal, moved.toString(), "closing");
                LocalDate closed = moved.plusDays(1 + (long) (-Math.log(1 - random.nextDouble()) * 30));
                if (random.nextDouble() < 0.6) {
                    facts.won(deal, closed.toString(), null);
                } else {
                    facts.lost(deal, closed.toString());
                }
            }
        }
        return facts;
    }

    private static Instant at(LocalDate day) {
        return day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    @Test
    void cohortForecastsAFunnelWithoutCloseDatesFarBetterThanTheBaseline() {
        DealHistories deals = funnel(15, 24, 0.3).histories();
        ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(),
                ForecastSettings.defaults().withSimulations(400));
        BusinessPeriod from = BusinessPeriod.parse("2024-Q3").orElseThrow();
        BusinessPeriod to = BusinessPeriod.parse("2026-Q2").orElseThrow();
        List<Method> methods = List.of(Method.COHORT, Method.RUN_RATE, Method.BASELINE, Method.LEARNED);
        Backtest.Report report = Backtest.run(engine, deals, from, to, Grouping.ALL, methods, at(END));
        for (Method m : methods) {
            Backtest.Summary s = report.overall(m);
            System.out.printf("funnel quarter-start %s: rows %d WMAPE %.3f bias %+.3f coverage %.2f%n", m, s.rows(),
                    s.wmape(), s.bias(), s.coverage());
        }
        Backtest.Summary cohort = report.overall(Method.COHORT);
        Backtest.Summary baseline = report.overall(Method.BASELINE);
        assertThat(cohort.rows()).isEqualTo(8);
        assertThat(cohort.wmape()).isLessThan(0.2).isLessThan(0.3 * baseline.wmape());
        report.rows().stream().filter(r -> r.method() == Method.COHORT).forEach(r -> {
            assertThat(r.forecast().doubleValue()).as(r.period()).isGreaterThan(0.3 * r.actual().doubleValue());
            // about half of each quarter's bookings come from deals opened inside it
        });

        // mid-quarter as-ofs (one and two thirds in): the period after as-of, plus what is won
        double[] abs = new double[methods.size()];
        double actualSum = 0;
        DealStates known = engine.states(deals, at(END));
        for (BusinessPeriod p = from; !p.start().isAfter(to.start()); p = p.next()) {
            for (int third = 1; third <= 2; third++) {
                Instant asOf = p.start().plusSeconds(third * (p.end().getEpochSecond() - p.start().getEpochSecond())
                        / 3 / 86_400 * 86_400);
                BusinessPeriod period = p;
                double actual = known.deals().stream().filter(d -> d.won() && period.contains(d.wonAt()))
                        .mapToDouble(DealState::wonAmount).sum();
                actualSum += actual;
                for (int m = 0; m < methods.size(); m++) {
                    double f = engine.forecast(new ForecastRequest(p, asOf, Grouping.ALL, methods.get(m)), deals)
                            .group("all").orElseThrow().expected().doubleValue();
                    abs[m] += Math.abs(f - actual);
                }
            }
        }
        for (int m = 0; m < methods.size(); m++) {
            System.out.printf("funnel mid-quarter %s: WMAPE %.3f%n", methods.get(m), abs[m] / actualSum);
        }
        assertThat(abs[0] / actualSum).isLessThan(0.15).isLessThan(abs[2] / actualSum);
    }

    @Test
    void thatHalfOfTheBookingsComeFromDealsOpenedInTheQuarter() {
        // the generator's premise, checked on its facts
        DealHistories deals = funnel(15, 24, 0.3).histories();
        ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());
        DealStates known = engine.states(deals, at(END));
        double inside = 0;
        double all = 0;
        for (BusinessPeriod p = BusinessPeriod.parse("2024-Q3").orElseThrow(); p.start().isBefore(at(END));
             p = p.next()) {
            for (DealState d : known.deals()) {
                if (d.won() && p.contains(d.wonAt())) {
                    all += d.wonAmount();
                    if (p.contains(d.openedAt())) {
                        inside += d.wonAmount();
                    }
                }
            }
        }
        System.out.printf("funnel: share of bookings opened in-quarter %.3f%n", inside / all);
        assertThat(inside / all).isBetween(0.35, 0.65);
    }

    @Test
    void learningTheYieldsOnFifteenThousandDealsTakesUnderHalfASecond() {
        DealHistories deals = funnel(16, 60, 0.2).histories();
        ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());
        Instant asOf = at(LocalDate.parse("2026-04-01"));
        BusinessPeriod q2 = BusinessPeriod.parse("2026-Q2").orElseThrow();
        DealStates states = engine.states(deals, asOf);
        ForecastRequest request = new ForecastRequest(q2, asOf, Grouping.REP, Method.COHORT);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long t = System.nanoTime();
            engine.learnCohort(deals, states, request);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        long t = System.nanoTime();
        engine.forecast(request, deals);
        double whole = (System.nanoTime() - t) / 1e6;
        System.out.printf("cohort on %d deals: learn %s ms, whole forecast (states + learn + simulate) %.0f ms%n",
                deals.deals().size(), ms, whole);
        assertThat(deals.deals().size()).isGreaterThan(14_000);
        assertThat(ms.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isLessThan(500);
    }
}
