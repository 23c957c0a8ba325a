package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.AnswerWarning;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cautions method=auto puts in an answer's warnings, and its provenance. */
class AutoCautionsTest {

    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());

    @Test
    void aShortHistoryIsSaidAndItsBandRestsOnFewOriginsWidened() {
        // 4 reps from January: by mid-August fewer than 50 wins, and only origins inside Q2 have a quarter of
        // history behind them
        DealHistories deals = GeneratedHistories.generate(7, 4, 1, Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-12-01T00:00:00Z"), 2.0);
        Instant asOf = Instant.parse("2025-08-15T00:00:00Z");
        ForecastRequest request = new ForecastRequest(BusinessPeriod.parse("2025-Q3").orElseThrow(), asOf,
                Grouping.ALL, Method.AUTO);

        Forecast forecast = engine.forecast(request, deals);

        assertThat(codes(forecast)).contains(ForecastCaution.SHORT_HISTORY, ForecastCaution.FEW_ORIGINS);
        SelfCheckReport check = forecast.provenance().selfCheck();
        assertThat(check.origins()).isNotEmpty().hasSizeLessThan(ConformalBand.ENOUGH_ORIGINS)
                .allSatisfy(o -> assertThat(o.period()).isEqualTo("2025-Q2"));
        int position = SelfCheck.position(request.period(), asOf);
        long n = check.origins().stream().filter(o -> o.position() == position).count();
        assertThat(check.bandLevelLow()).isZero();
        assertThat(check.bandLevelHigh()).isEqualTo(1);
        // shrunk by n/(n+12), n the origins at the ask's point of the quarter
        assertThat(check.biasCorrection()).isCloseTo(check.rawBias() * n / (n + 12.0),
                org.assertj.core.api.Assertions.within(1e-12));
        GroupForecast all = forecast.groups().get(0);
        double remaining = all.expected().doubleValue() - all.closedWon().doubleValue();
        // at least the documented minimum half-width on either side of the part not won
        assertThat(all.p10().doubleValue()).isLessThanOrEqualTo(all.closedWon().doubleValue()
                + remaining * Math.exp(-ConformalBand.FEW_ORIGINS_MIN_HALF_WIDTH) + 0.01);
        assertThat(all.p90().doubleValue()).isGreaterThanOrEqualTo(all.closedWon().doubleValue()
                + remaining * Math.exp(ConformalBand.FEW_ORIGINS_MIN_HALF_WIDTH) - 0.01);
        assertThat(all.p10()).isLessThanOrEqualTo(all.p50());
        assertThat(all.p50()).isLessThanOrEqualTo(all.p90());
        assertThat(all.p10()).isGreaterThanOrEqualTo(all.closedWon());
        // the histories-aware four-argument overload answers auto the same
        assertThat(engine.forecast(request, engine.learn(deals, asOf), engine.states(deals, asOf), deals).groups())
                .isEqualTo(forecast.groups());
        System.out.println("short history: " + forecast.warnings().stream().map(AnswerWarning::message).toList());
    }

    @Test
    void aConversionDropIsSaidToBeARegimeChange() {
        // from 2026-01-01 on, every other deal that would have been won is lost: conversion halves
        Instant drop = Instant.parse("2026-01-01T00:00:00Z");
        List<OpportunityEvent> events = GeneratedHistories.events(3, 36, 2, Instant.parse("2024-07-01T00:00:00Z"),
                Instant.parse("2026-10-01T00:00:00Z"), 3.0).stream().map(e -> {
                    if (e instanceof OpportunityWonEvent w && !w.occurredAt().isBefore(drop)
                            && (w.opportunityId().value().hashCode() & 1) == 0) {
                        return (OpportunityEvent) new OpportunityLostEvent(w.eventId(), w.opportunityId(),
                                w.occurredAt(), "drop", w.fromStage());
                    }
                    return e;
                }).toList();
        DealHistories deals = DealHistories.of(events);
        Instant asOf = Instant.parse("2026-07-01T00:00:00Z");
        ForecastRequest request = new ForecastRequest(BusinessPeriod.parse("2026-Q3").orElseThrow(), asOf,
                Grouping.TEAM, Method.AUTO);

        PreparedForecast prepared = engine.prepare(deals, asOf);
        Forecast forecast = prepared.forecast(request);

        assertThat(codes(forecast)).contains(ForecastCaution.REGIME_CHANGE).doesNotContain(
                ForecastCaution.SHORT_HISTORY, ForecastCaution.FEW_ORIGINS);
        SelfCheckReport check = forecast.provenance().selfCheck();
        assertThat(check.origins()).hasSize(12);
        // the learned candidates were high after the drop: the quarter-start origins after it (2026-01-01,
        // 2026-04-01) weigh most in the correction of this quarter-start ask, downward
        assertThat(check.biasCorrection()).isNegative();
        assertThat(check.candidates()).extracting(SelfCheckReport.CandidateError::weight)
                .allSatisfy(w -> assertThat(w).isPositive());
        double weights = check.candidates().stream().mapToDouble(SelfCheckReport.CandidateError::weight).sum();
        assertThat(weights).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-9));
        // the explanation carries auto's numbers and provenance
        String team = forecast.groups().get(0).group();
        Explanation explanation = prepared.explain(request, team);
        assertThat(explanation.forecast()).isEqualTo(forecast.groups().get(0));
        assertThat(explanation.provenance().method()).isEqualTo(Method.AUTO);
        assertThat(explanation.deals()).isNotEmpty();
        System.out.println("conversion drop: " + forecast.warnings().stream().map(AnswerWarning::message).toList());
        System.out.println("conversion drop self-check: " + check);
    }

    private static List<String> codes(Forecast forecast) {
        return forecast.warnings().stream().map(AnswerWarning::code).toList();
    }
}
