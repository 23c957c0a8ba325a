package io.pipelineledger.query.api;

import io.pipelineledger.query.metrics.ProcessMaturity;
import io.pipelineledger.query.metrics.Scorecard;
import io.pipelineledger.query.metrics.StageStats;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The answers of the query side, as served (JSON field names are the contract's, see docs/METRICS.md). */
public final class Views {

    private Views() {
    }

    public record ConversionView(Instant asOf, String groupBy, Instant from, Instant to, String interval,
                                 List<ConversionGroup> groups) {
    }

    public record ConversionGroup(String group, String period, long wonDeals, Double medianCycleDays,
                                  List<StageStats> stages) {
    }

    public record WinRatesView(Instant asOf, String groupBy, List<WinRateGroup> groups) {
    }

    public record WinRateGroup(String group, long won, long lost, Double winRate) {
    }

    public record PipelineView(Instant asOf, String groupBy, List<PipelineGroup> groups) {
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

    /** What a live dashboard shows: the deal count, facts applied, and the four views at the same instant. */
    public record DashboardView(Instant asOf, long factsApplied, int deals, ConversionView conversion,
                                WinRatesView winRates, PipelineView pipeline, MaturityView maturity) {
    }
}
