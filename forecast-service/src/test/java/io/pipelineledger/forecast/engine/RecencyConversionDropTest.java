package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A history where every stage converts 7 % worse from one date on (a year before as-of, two years of history): with
 * a half-life of 180 days the learned win probability is closer to the post-drop truth than the equally weighted
 * one, which still believes the first year; and so is the forecast of the quarter after.
 */
class RecencyConversionDropTest {

    private static final String[] STAGES = {"prospecting", "qualification", "development", "presentation",
            "discussion", "closing"};
    /** P(advance) from each stage before the drop; from closing, P(win). */
    private static final double[] ADVANCE = {0.5, 0.6, 0.7, 0.75, 0.8, 0.85};
    private static final double DROP = 0.93;
    private static final int DEALS_PER_DAY = 10;
    private static final LocalDate START = LocalDate.parse("2023-09-01");
    private static final LocalDate DROP_DAY = LocalDate.parse("2024-09-01");
    private static final LocalDate AS_OF = LocalDate.parse("2025-09-01");

    /** A generated history and the days its deals were won. */
    record History(Facts facts, List<LocalDate> wins) {
    }

    static Facts history(long seed) {
        return history(seed, AS_OF).facts();
    }

    /**
     * Ten deals a day over four reps in two teams, opened until {@code until}; each stay 5-14 days; the exit's day
     * decides the regime. Deals still open at {@code until} stay open.
     */
    static History history(long seed, LocalDate until) {
        Random random = new Random(seed);
        Facts facts = new Facts();
        List<LocalDate> wins = new ArrayList<>();
        int id = 0;
        for (LocalDate day = START; day.isBefore(until); day = day.plusDays(1)) {
            for (int k = 0; k < DEALS_PER_DAY; k++) {
                String deal = "D" + id++;
                int rep = random.nextInt(4);
                facts.opened(deal, day.toString(), "r" + rep, "t" + rep % 2, STAGES[0], 10_000, null);
                LocalDate at = day;
                for (int s = 0; s < STAGES.length; s++) {
                    at = at.plusDays(5 + random.nextInt(10));
                    if (!at.isBefore(until)) {
                        break; // still open
                    }
                    double p = ADVANCE[s] * (at.isBefore(DROP_DAY) ? 1 : DROP);
                    boolean advances = random.nextDouble() < p;
                    if (!advances) {
                        facts.lost(deal, at.toString());
                        break;
                    }
                    if (s == STAGES.length - 1) {
                        facts.won(deal, at.toString(), null);
                        wins.add(at);
                    } else {
                        facts.stage(deal, at.toString(), STAGES[s + 1]);
                    }
                }
            }
        }
        return new History(facts, wins);
    }

    static double truth(int fromStage, double factor) {
        double p = 1;
        for (int s = fromStage; s < ADVANCE.length; s++) {
            p *= ADVANCE[s] * factor;
        }
        return p;
    }

    /**
     * Six seeded histories. Measured (relative error of P(win) from prospecting, mean |error| over the seeds): company
     * chain flat 27.9 %, half-life 180 14.4 %; rep r0 flat 30.2 %, half-life 180 18.1 %. From presentation: company
     * 14.5 % and 9.5 %. Both remain above zero: 180 days still gives the year before the drop about a fifth of the
     * weight, and six chained rows each carry a few per cent of sampling error.
     */
    @Test
    void aHalfLifeOf180DaysLearnsThePostDropConversion() {
        int[] stages = {0, 3};
        double[][] company = new double[2][stages.length]; // [flat, recent][stage]: sum of |error| over seeds
        double[][] rep = new double[2][stages.length];
        int seeds = 0;
        for (long seed = 15; seed < 21; seed++, seeds++) {
            DealHistories deals = history(seed).histories();
            ForecastModel flat = ForecastModel.learn(deals, Facts.at(AS_OF.toString()), DefaultSalesProcess.get(),
                    ForecastSettings.defaults());
            ForecastModel recent = ForecastModel.learn(deals, Facts.at(AS_OF.toString()), DefaultSalesProcess.get(),
                    ForecastSettings.defaults().withHalfLife(180));
            Owner r0 = new Owner("r0", "t0", "emea");
            double[] flatCompany = TransitionModel.winProbabilities(flat.transitions().companyRows());
            double[] recentCompany = TransitionModel.winProbabilities(recent.transitions().companyRows());
            for (int i = 0; i < stages.length; i++) {
                int stage = stages[i];
                double post = truth(stage, DROP);
                double flatError = flatCompany[stage] / post - 1;
                double recentError = recentCompany[stage] / post - 1;
                double flatRep = flat.winProbability(r0, stage) / post - 1;
                double recentRep = recent.winProbability(r0, stage) / post - 1;
                System.out.printf("seed %d stage %d: truth before %.4f after %.4f; company flat %+.1f %%, "
                                + "half-life 180 %+.1f %%; rep r0 flat %+.1f %%, half-life 180 %+.1f %%%n", seed,
                        stage, truth(stage, 1), post, 100 * flatError, 100 * recentError, 100 * flatRep,
                        100 * recentRep);
                // the same history, so most sampling noise is shared: the ordering holds seed by seed
                assertThat(Math.abs(recentError)).isLessThan(Math.abs(flatError));
                company[0][i] += Math.abs(flatError);
                company[1][i] += Math.abs(recentError);
                rep[0][i] += Math.abs(flatRep);
                rep[1][i] += Math.abs(recentRep);
            }
        }
        double n = seeds;
        System.out.printf("mean |error| from prospecting: company flat %.3f, 180 %.3f; rep flat %.3f, 180 %.3f%n",
                company[0][0] / n, company[1][0] / n, rep[0][0] / n, rep[1][0] / n);
        assertThat(company[1][0] / n).isLessThan(0.6 * company[0][0] / n).isLessThan(0.16);
        assertThat(company[1][1] / n).isLessThan(0.7 * company[0][1] / n).isLessThan(0.11);
        assertThat(rep[1][0] / n).isLessThan(0.7 * rep[0][0] / n).isLessThan(0.20);
    }

    /**
     * The forecast of the quarter after as-of (13 months after the drop), summed over six seeds: with a 180-day
     * half-life the expected bookings are closer to what was won. Both include deals opened inside the quarter.
     * Measured: flat +18.4 %, half-life 180 +8.2 % (single seeds: 47 to 76 wins, so +-13 % of Poisson noise each).
     */
    @Test
    void theQuarterAfterTheDropIsForecastCloserWithAHalfLifeOf180Days() {
        BusinessPeriod quarter = BusinessPeriod.parse("2025-Q4").orElseThrow();
        LocalDate asOf = LocalDate.parse("2025-10-01");
        ForecastRequest request = new ForecastRequest(quarter, Facts.at(asOf.toString()), Grouping.ALL,
                Method.LEARNED);
        ForecastSettings settings = ForecastSettings.defaults().withSimulations(100);
        double actual = 0;
        double flat = 0;
        double recent = 0;
        for (long seed = 15; seed < 21; seed++) {
            History history = history(seed, LocalDate.parse("2026-01-01"));
            DealHistories deals = history.facts().histories();
            double won = 10_000.0 * history.wins().stream().filter(d -> !d.isBefore(asOf)).count();
            double f = expected(new ForecastEngine(DefaultSalesProcess.get(), settings), request, deals);
            double r = expected(new ForecastEngine(DefaultSalesProcess.get(), settings.withHalfLife(180)), request,
                    deals);
            System.out.printf("seed %d 2025-Q4: won %.0f, expected flat %.0f (%+.1f %%), half-life 180 %.0f "
                    + "(%+.1f %%)%n", seed, won, f, 100 * (f / won - 1), r, 100 * (r / won - 1));
            actual += won;
            flat += f;
            recent += r;
        }
        System.out.printf("six seeds 2025-Q4: flat %+.1f %%, half-life 180 %+.1f %%%n", 100 * (flat / actual - 1),
                100 * (recent / actual - 1));
        assertThat(Math.abs(recent / actual - 1)).isLessThan(Math.abs(flat / actual - 1)).isLessThan(0.12);
    }

    private static double expected(ForecastEngine engine, ForecastRequest request, DealHistories deals) {
        return engine.forecast(request, deals).group(Grouping.ALL_KEY).orElseThrow().expected().doubleValue();
    }
}
