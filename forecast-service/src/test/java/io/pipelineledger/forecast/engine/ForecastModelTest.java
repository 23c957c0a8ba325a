package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the model learns from histories, checked against hand computations and against itself. */
class ForecastModelTest {

    private static final int CLOSING = 5;

    @Test
    void aRepWithThreeDealsLearnsMostlyFromTheTeam() {
        Facts facts = new Facts();
        for (int i = 0; i < 20; i++) { // r2: 10 of 20 deals in closing won
            String id = "B" + i;
            facts.opened(id, "2025-06-01", "r2", "t1", "closing", 10_000, "2025-07-01");
            if (i < 10) {
                facts.won(id, "2025-06-20", null);
            } else {
                facts.lost(id, "2025-06-20");
            }
        }
        for (int i = 0; i < 3; i++) { // r1: 3 of 3 won
            facts.opened("A" + i, "2025-06-01", "r1", "t1", "closing", 10_000, "2025-07-01")
                    .won("A" + i, "2025-06-15", null);
        }
        ForecastSettings settings = ForecastSettings.defaults(); // rep 20, team 50, process prior 2
        ForecastModel model = ForecastModel.learn(facts.histories(), Facts.at("2025-09-01"),
                DefaultSalesProcess.get(), settings);
        // company (= the only team): 13 won, 10 lost from closing; the process prior wins 0.8 of closing deals
        double company = (13 + 2 * 0.8) / (23 + 2);
        double team = (13 + 50 * company) / (23 + 50);
        double rep = (3 + 20 * team) / (3 + 20);
        assertThat(model.winProbability(new Owner("r1", "t1", "emea"), CLOSING)).isCloseTo(rep, within(1e-12));
        assertThat(rep).isBetween(team, 1.0);
        assertThat(model.transitions().exits("r1", CLOSING)).isEqualTo(3);
    }

    @Test
    void theChanceToWinInsideAPeriodNeverExceedsTheChanceToWinAndFadesForFarPeriods() {
        Instant end = Facts.at("2026-01-01");
        DealHistories deals = GeneratedHistories.generate(3, 12, 2, Facts.at("2024-01-01"), end, 3.0);
        ForecastModel model = ForecastModel.learn(deals, end, DefaultSalesProcess.get(), ForecastSettings.defaults());
        DealStates states = DealStates.asOf(deals, end, DefaultSalesProcess.get());
        BusinessPeriod next = BusinessPeriod.parse("2026-Q1").orElseThrow();
        BusinessPeriod far = BusinessPeriod.parse("2027-Q4").orElseThrow();
        double nextSum = 0;
        double farSum = 0;
        double everSum = 0;
        for (DealState deal : states.deals()) {
            if (!deal.open()) {
                continue;
            }
            double ever = model.winProbability(deal.owner(), deal.stagePosition());
            double inNext = model.winProbabilityBetween(deal.owner(), deal.stagePosition(), deal.stageEnteredAt(), end,
                    next.start(), next.end());
            double inFar = model.winProbabilityBetween(deal.owner(), deal.stagePosition(), deal.stageEnteredAt(), end,
                    far.start(), far.end());
            double wholeFuture = model.winProbabilityBetween(deal.owner(), deal.stagePosition(),
                    deal.stageEnteredAt(), end, end, end.plusSeconds(86_400L * 3_000));
            assertThat(inNext).isBetween(0.0, ever);
            assertThat(inFar).isBetween(0.0, ever);
            assertThat(wholeFuture).isCloseTo(ever, within(0.02));
            nextSum += inNext;
            farSum += inFar;
            everSum += ever;
        }
        assertThat(nextSum).isGreaterThan(0.5 * everSum);
        assertThat(farSum).isLessThan(0.05 * everSum);
    }
}
