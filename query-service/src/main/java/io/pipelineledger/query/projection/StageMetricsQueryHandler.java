package io.pipelineledger.query.projection;

import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.query.api.FindConversionQuery;
import io.pipelineledger.query.api.FindDashboardQuery;
import io.pipelineledger.query.api.FindMaturityQuery;
import io.pipelineledger.query.api.FindPipelineQuery;
import io.pipelineledger.query.api.FindScorecardQuery;
import io.pipelineledger.query.api.FindWinRatesQuery;
import io.pipelineledger.query.api.GroupBy;
import io.pipelineledger.query.api.Views;
import io.pipelineledger.query.metrics.ConversionMetrics;
import io.pipelineledger.query.metrics.DealMetrics;
import io.pipelineledger.query.metrics.DealSnapshot;
import io.pipelineledger.query.metrics.ProcessMaturity;
import io.pipelineledger.query.metrics.Scorecard;
import io.pipelineledger.query.metrics.StageVisit;
import io.pipelineledger.query.model.DealLedger;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Answers the query side's questions from the in-memory read model of {@link StageMetricsProjection}. */
@Component
public class StageMetricsQueryHandler {

    private final DealLedger ledger;
    private final Clock clock;

    public StageMetricsQueryHandler(DealLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @QueryHandler
    public Views.ConversionView conversion(FindConversionQuery query) {
        List<Views.ConversionGroup> groups = new ArrayList<>();
        for (ConversionMetrics.GroupStats g : ledger.conversion(query.asOf(), query.groupBy()::of, query.interval(),
                query.from(), query.to())) {
            groups.add(new Views.ConversionGroup(g.group(), g.period(), g.wonDeals(), g.medianCycleDays(),
                    g.stages()));
        }
        return new Views.ConversionView(query.asOf(), query.groupBy().parameter(), query.from(), query.to(),
                query.interval() == null ? null : query.interval().name().toLowerCase(Locale.ROOT), groups);
    }

    /** Empty when the rep had no stage visits by then. */
    @QueryHandler
    public Optional<Views.ScorecardView> scorecard(FindScorecardQuery query) {
        Scorecard.Card card = Scorecard.of(query.repId(), ledger.visitsAsOf(query.asOf()), ledger.currentProcess());
        return Optional.ofNullable(card).map(c -> Views.ScorecardView.of(query.asOf(), c));
    }

    @QueryHandler
    public Views.WinRatesView winRates(FindWinRatesQuery query) {
        return winRates(query.groupBy(), query.asOf(), ledger.dealsAsOf(query.asOf()));
    }

    @QueryHandler
    public Views.PipelineView pipeline(FindPipelineQuery query) {
        return pipeline(query.groupBy(), query.asOf(), ledger.dealsAsOf(query.asOf()), ledger.currentProcess());
    }

    @QueryHandler
    public Views.MaturityView maturity(FindMaturityQuery query) {
        return maturity(query.asOf(), ledger.visitsAsOf(query.asOf()), ledger.currentProcess());
    }

    /** Everything at one instant (now), from one pass over the visits and one over the deals. */
    @QueryHandler
    public Views.DashboardView dashboard(FindDashboardQuery query) {
        Instant now = clock.instant();
        long facts = ledger.factsApplied();
        int deals = ledger.dealCount();
        SalesProcess process = ledger.currentProcess();
        List<StageVisit> visits = ledger.visitsAsOf(now);
        List<DealSnapshot> snapshots = ledger.dealsAsOf(now);
        List<Views.ConversionGroup> groups = new ArrayList<>();
        for (ConversionMetrics.GroupStats g : ledger.conversion(now, query.groupBy()::of, null, null, null)) {
            groups.add(new Views.ConversionGroup(g.group(), null, g.wonDeals(), g.medianCycleDays(), g.stages()));
        }
        return new Views.DashboardView(now, facts, deals,
                new Views.ConversionView(now, query.groupBy().parameter(), null, null, null, groups),
                winRates(query.groupBy(), now, snapshots), pipeline(query.groupBy(), now, snapshots, process),
                maturity(now, visits, process));
    }

    private static Views.WinRatesView winRates(GroupBy groupBy, Instant asOf, List<DealSnapshot> deals) {
        List<Views.WinRateGroup> groups = new ArrayList<>();
        DealMetrics.winRates(deals, groupBy::of).forEach((group, rate) ->
                groups.add(new Views.WinRateGroup(group, rate.won(), rate.lost(), rate.winRate())));
        return new Views.WinRatesView(asOf, groupBy.parameter(), groups);
    }

    private static Views.PipelineView pipeline(GroupBy groupBy, Instant asOf, List<DealSnapshot> deals,
                                               SalesProcess process) {
        List<Views.PipelineGroup> groups = new ArrayList<>();
        DealMetrics.pipeline(deals, groupBy::of, process).forEach((group, stages) -> {
            long count = 0;
            BigDecimal amount = BigDecimal.ZERO;
            List<Views.PipelineStage> views = new ArrayList<>();
            for (DealMetrics.StagePipeline stage : stages) {
                count += stage.count();
                amount = amount.add(stage.amount());
                views.add(new Views.PipelineStage(stage.stage().value(), stage.count(),
                        plain(stage.amount())));
            }
            groups.add(new Views.PipelineGroup(group, count, plain(amount), views));
        });
        return new Views.PipelineView(asOf, groupBy.parameter(), groups);
    }

    private static Views.MaturityView maturity(Instant asOf, List<StageVisit> visits, SalesProcess process) {
        ProcessMaturity.Assessment assessment = ProcessMaturity.assess(visits, process);
        return new Views.MaturityView(asOf, assessment.level(), assessment.name(), assessment.evidence(),
                assessment.checks());
    }

    /** Without trailing zeros, never in exponent form (1E+5). */
    private static BigDecimal plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
