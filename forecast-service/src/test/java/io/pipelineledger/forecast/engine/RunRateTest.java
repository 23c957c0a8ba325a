package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Run-rate on a few hand-written wins. */
class RunRateTest {

    private static final BusinessPeriod Q2 = BusinessPeriod.parse("2026-Q2").orElseThrow();
    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());

    private static DealHistories deals() {
        return new Facts()
                .opened("OLD", "2025-11-01", "r2", "t2", "closing", 50_000, null)
                .won("OLD", "2025-12-20", null)                 // more than 90 days before Apr 1
                .opened("W1", "2025-12-01", "r1", "t1", "closing", 9_000, null)
                .won("W1", "2026-01-15", null)
                .opened("W2", "2026-02-01", "r1", "t1", "closing", 3_500, null)
                .won("W2", "2026-03-01", 3_000L)
                .opened("W4", "2026-03-01", "r2", "t2", "discussion", 2_000, null)
                .won("W4", "2026-04-10", null)
                .opened("OPEN", "2026-01-01", "r1", "t1", "closing", 100_000, "2026-05-15")
                .histories();
    }

    private Forecast forecast(String asOf, Grouping grouping) {
        return engine.forecast(new ForecastRequest(Q2, Facts.at(asOf), grouping, Method.RUN_RATE), deals());
    }

    @Test
    void atThePeriodStartItIsTheLast90DaysBookingsPerDayTimesTheDays() {
        // Jan 1 - Apr 1: W1 9,000 and W2 3,000 (r1); 12,000 / 90 per day x 91 days of Q2
        GroupForecast all = forecast("2026-04-01", Grouping.ALL).group("all").orElseThrow();
        assertThat(all.closedWon()).isEqualByComparingTo("0");
        assertThat(all.fromOpenDeals()).isEqualByComparingTo("0");
        assertThat(all.fromNewDeals().doubleValue()).isCloseTo(12_000 / 90.0 * 91, within(0.01));
        assertThat(all.expected().doubleValue()).isCloseTo(12_000 / 90.0 * 91, within(0.01));
        assertThat(all.openDeals()).isEqualTo(2); // OPEN and W4
        assertThat(all.p10()).isLessThan(all.expected());
        assertThat(all.p90()).isGreaterThan(all.expected());
    }

    @Test
    void midPeriodItAddsWhatIsWonAndCountsOnlyTheDaysLeft() {
        // as of May 1: won in Q2 W4 2,000 (r2); Jan 31 - May 1: W2 3,000 (r1), W4 2,000 (r2); 61 days left
        Forecast byTeam = forecast("2026-05-01", Grouping.TEAM);
        GroupForecast t1 = byTeam.group("t1").orElseThrow();
        GroupForecast t2 = byTeam.group("t2").orElseThrow();
        assertThat(t1.expected().doubleValue()).isCloseTo(3_000 / 90.0 * 61, within(0.01));
        assertThat(t2.closedWon()).isEqualByComparingTo("2000");
        assertThat(t2.expected().doubleValue()).isCloseTo(2_000 + 2_000 / 90.0 * 61, within(0.01));
        assertThat(t2.p10()).isGreaterThanOrEqualTo(t2.closedWon());
        assertThat(byTeam.provenance().modelVersion()).isEqualTo(RunRate.VERSION);
        assertThat(byTeam.provenance().parameters()).containsEntry("wins", "2").containsEntry("lookbackDays", "90.0");
        // the CRM set no category and run-rate gives an open deal no probability of its own: pipeline only
        assertThat(t1.commit()).isEqualByComparingTo("0");
        assertThat(t1.pipeline()).isEqualByComparingTo("100000");
    }

    @Test
    void aYoungHistoryMeasuresTheRateFromItsFirstOpening() {
        // as of Feb 1 2026 the history starts Nov 1 2025: 92 days; the window Nov 3 - Feb 1 (90 d) holds OLD + W1
        Instant asOf = Facts.at("2026-02-01");
        GroupForecast all = engine.forecast(new ForecastRequest(BusinessPeriod.parse("2026-02").orElseThrow(), asOf,
                Grouping.ALL, Method.RUN_RATE), deals()).group("all").orElseThrow();
        assertThat(all.expected().doubleValue()).isCloseTo(59_000 / 90.0 * 28, within(0.01));
        // as of Dec 1 2025 only 30 days of history: OLD not won yet, nothing won -> 0
        GroupForecast young = engine.forecast(new ForecastRequest(BusinessPeriod.parse("2025-12").orElseThrow(),
                Facts.at("2025-12-01"), Grouping.ALL, Method.RUN_RATE), deals()).group("all").orElseThrow();
        assertThat(young.expected()).isEqualByComparingTo("0");
    }
}
