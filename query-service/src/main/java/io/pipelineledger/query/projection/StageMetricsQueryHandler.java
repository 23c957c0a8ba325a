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
import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.query.metrics.AmountConverter;
import io.pipelineledger.query.metrics.ConversionMetrics;
import io.pipelineledger.query.metrics.DealMetrics;
import io.pipelineledger.query.metrics.DealSnapshot;
import io.pipelineledger.query.metrics.ProcessMaturity;
import io.pipelineledger.query.metrics.Scorecard;
import io.pipelineledger.query.metrics.StageVisit;
import io.pipelineledger.query.model.DealLedger;
import io.pipelineledger.query.model.QueryExchangeRates;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers the query side's questions from the in-memory read model of {@link StageMetricsProjection}; amounts in the
 * asked currency (the reporting currency by default) through the rates the projection keeps.
 */
@Component
public class StageMetricsQueryHandler {

    private final DealLedger ledger;
    private final QueryExchangeRates rates;
    private final Clock clock;

    public StageMetricsQueryHandler(DealLedger ledger, QueryExchangeRates rates, Clock clock) {
        this.ledger = ledger;
        this.rates = rates;
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
        return winRates(query.groupBy(), query.asOf(), ledger.dealsAsOf(query.asOf()),
                converter(query.currency(), query.asOf()));
    }

    @QueryHandler
    public Views.PipelineView pipeline(FindPipelineQuery query) {
        return pipeline(query.groupBy(), query.asOf(), ledger.dealsAsOf(query.asOf()), ledger.currentProcess(),
                converter(query.currency(), query.asOf()));
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
        Views.WinRatesView winRates = winRates(query.groupBy(), now, snapshots, converter(query.currency(), now));
        Views.PipelineView pipeline = pipeline(query.groupBy(), now, snapshots, process,
                converter(query.currency(), now));
        // a deal is open or closed at one instant: listed by one of the two
        LinkedHashSet<UnconvertedAmount> warnings = new LinkedHashSet<>(pipeline.warnings());
        warnings.addAll(winRates.warnings());
        List<UnconvertedAmount> all = new ArrayList<>(warnings);
        all.sort(Comparator.comparing(UnconvertedAmount::opportunityId).thenComparing(UnconvertedAmount::on));
        return new Views.DashboardView(now, facts, deals, pipeline.currency(),
                new Views.ConversionView(now, query.groupBy().parameter(), null, null, null, groups),
                winRates, pipeline, maturity(now, visits, process), all);
    }

    private AmountConverter converter(String currency, Instant asOf) {
        return new AmountConverter(rates.rates(), currency == null ? rates.reportingCurrency() : currency, asOf);
    }

    private static Views.WinRatesView winRates(GroupBy groupBy, Instant asOf, List<DealSnapshot> deals,
                                               AmountConverter money) {
        List<Views.WinRateGroup> groups = new ArrayList<>();
        DealMetrics.winRates(deals, groupBy::of, money).forEach((group, rate) ->
                groups.add(new Views.WinRateGroup(group, rate.won(), rate.lost(), rate.winRate(),
                        plain(rate.wonAmount()))));
        return new Views.WinRatesView(asOf, groupBy.parameter(), money.currency(), groups, money.warnings());
    }

    private static Views.PipelineView pipeline(GroupBy groupBy, Instant asOf, List<DealSnapshot> deals,
                                               SalesProcess process, AmountConverter money) {
        List<Views.PipelineGroup> groups = new ArrayList<>();
        DealMetrics.pipeline(deals, groupBy::of, process, money).forEach((group, stages) -> {
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
        return new Views.PipelineView(asOf, groupBy.parameter(), money.currency(), groups, money.warnings());
    }

    private static Views.MaturityView maturity(Instant asOf, List<StageVisit> visits, SalesProcess process) {
        ProcessMaturity.Assessment assessment = ProcessMaturity.assess(visits, process);
        return new Views.MaturityView(asOf, assessment.level(), assessment.name(), assessment.evidence(),
                assessment.checks());
    }

    private static BigDecimal plain(BigDecimal amount) {
        return AmountConverter.plain(amount);
    }
}
