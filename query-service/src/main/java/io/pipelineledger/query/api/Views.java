package io.pipelineledger.query.api;

import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.query.metrics.ProcessMaturity;
import io.pipelineledger.query.metrics.Scorecard;
import io.pipelineledger.query.metrics.StageStats;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The answers of the query side, as served (JSON field names are the contract's, see docs/METRICS.md). An answer
 * with amounts names their {@code currency} and lists under {@code warnings} the amounts left out for want of an
 * exchange rate (always present, empty when none).
 */
public final class Views {

    private Views() {
    }

    public record ConversionView(Instant asOf, String groupBy, Instant from, Instant to, String interval,
                                 List<ConversionGroup> groups) {
    }

    public record ConversionGroup(String group, String period, long wonDeals, Double medianCycleDays,
                                  List<StageStats> stages) {
    }

    public record WinRatesView(Instant asOf, String groupBy, String currency, List<WinRateGroup> groups,
                               List<UnconvertedAmount> warnings) {
    }

    /** {@code wonAmount}: the won deals' amounts, each converted at its win's date. */
    public record WinRateGroup(String group, long won, long lost, Double winRate, BigDecimal wonAmount) {
    }

    public record PipelineView(Instant asOf, String groupBy, String currency, List<PipelineGroup> groups,
                               List<UnconvertedAmount> warnings) {
    }

    public record PipelineGroup(String group, long count, BigDecimal amount, List<PipelineStage> stages) {
    }

    public record PipelineStage(String stage, long count, BigDecimal amount) {
    }

    public record ScorecardView(Instant asOf, String rep, String team, List<Scorecard.StageScore> stages,
                                Scorecard.Habits habits, Scorecard.Habits teamHabits, long dealsWon, long dealsLost,
                                Double winRate, Double winRateShrunk, Double teamWinRate, Double winRateGap) {

        public static ScorecardView of(Instant asOf, Scorecard.Card card) {
            return new ScorecardView(asOf, card.rep(), card.team(), card.stages(), card.habits(), card.teamHabits(),
                    card.dealsWon(), card.dealsLost(), card.winRate(), card.winRateShrunk(), card.teamWinRate(),
                    card.winRateGap());
        }
    }

    public record MaturityView(Instant asOf, int level, String name, ProcessMaturity.Evidence evidence,
                               List<ProcessMaturity.Check> checks) {
    }

    /**
     * What a live dashboard shows: the deal count, facts applied, and the four views at the same instant; the
     * currency of its amounts and every amount left out (of the win rates' or the pipeline's) once.
     */
    public record DashboardView(Instant asOf, long factsApplied, int deals, String currency,
                                ConversionView conversion, WinRatesView winRates, PipelineView pipeline,
                                MaturityView maturity, List<UnconvertedAmount> warnings) {
    }
}
