package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine on a handful of hand-written deals, with the numbers worked out by hand. */
class ForecastEngineTest {

    private static final BusinessPeriod Q1 = BusinessPeriod.parse("2026-Q1").orElseThrow();
    private static final Instant AS_OF = Facts.at("2026-02-01");
    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());

    /** Stage weights of the default process: discussion 0.6, closing 0.8, qualification 0.1, prospecting 0.05. */
    private static Facts pipeline() {
        return new Facts()
                .opened("D1", "2025-11-01", "r1", "t1", "discussion", 10_000, "2026-02-15")
                .opened("D2", "2025-12-01", "r1", "t1", "closing", 20_000, "2026-03-10")
                .opened("D3", "2025-10-01", "r1", "t1", "qualification", 5_000, "2026-05-01")
                .opened("D4", "2025-12-01", "r1", "t1", "prospecting", 8_000, "2026-03-01")
                .category("D4", "2025-12-02", ForecastCategory.OMITTED)
                .opened("D5", "2025-12-01", "r1", "t1", "prospecting", 3_000, "2026-03-20")
                .category("D5", "2025-12-02", ForecastCategory.COMMIT)
                .opened("W1", "2025-12-01", "r1", "t1", "closing", 6_000, "2026-01-31")
                .owner("W1", "2026-01-02", "r2", "t2")
                .won("W1", "2026-01-15", 7_000L)
                .opened("W2", "2025-11-01", "r1", "t1", "closing", 9_000, "2025-12-31")
                .won("W2", "2025-12-20", null)
                .opened("W3", "2026-01-05", "r1", "t1", "closing", 4_000, "2026-02-20")
                .won("W3", "2026-02-10", null)
                .opened("W4", "2025-12-15", "r1", "t1", "closing", 2_000, "2026-01-31")
                .amount("W4", "2026-01-10", 2_500)
                .won("W4", "2026-01-20", null);
    }

    private Forecast baseline(DealHistories deals, Grouping grouping) {
        return engine.forecast(new ForecastRequest(Q1, AS_OF, grouping, Method.BASELINE), deals);
    }

    @Test
    void baselineWeightsDealsClosingInThePeriodByTheirStageProbability() {
        GroupForecast all = baseline(pipeline().histories(), Grouping.ALL).group("all").orElseThrow();
        // closed won: W1 7,000 (final amount) + W4 2,500 (no final amount: the amount then); W2 before, W3 after as-of
        assertThat(all.closedWon()).isEqualByComparingTo("9500");
        // D1 0.6 x 10,000 + D2 0.8 x 20,000 + D5 0.05 x 3,000 + W3 0.8 x 4,000 (open as of as-of);
        // D3 closes after the period, D4 is omitted
        assertThat(all.fromOpenDeals()).isEqualByComparingTo("25350");
        assertThat(all.expected()).isEqualByComparingTo("34850");
        assertThat(all.fromNewDeals()).isEqualByComparingTo("0");
        assertThat(all.openDeals()).isEqualTo(6);
    }

    @Test
    void categoriesFollowTheCrmElseTheProbabilityThresholds() {
        assertThat(engine.category(null, 0.75)).isEqualTo(ForecastCategory.COMMIT);
        assertThat(engine.category(null, 0.7)).isEqualTo(ForecastCategory.COMMIT);
        assertThat(engine.category(null, 0.5)).isEqualTo(ForecastCategory.BEST_CASE);
        assertThat(engine.category(null, 0.1)).isEqualTo(ForecastCategory.PIPELINE);
        assertThat(engine.category(ForecastCategory.OMITTED, 0.9)).isEqualTo(ForecastCategory.OMITTED);
        assertThat(engine.category(ForecastCategory.COMMIT, 0.05)).isEqualTo(ForecastCategory.COMMIT);

        GroupForecast all = baseline(pipeline().histories(), Grouping.ALL).group("all").orElseThrow();
        // commit: closed won + D2 (0.8) + W3 (0.8) + D5 (CRM commit); best case adds D1 (0.6)
        assertThat(all.commit()).isEqualByComparingTo("36500");
        assertThat(all.bestCase()).isEqualByComparingTo("46500");
        // pipeline: open deals closing in the period, unweighted, without the omitted D4
        assertThat(all.pipeline()).isEqualByComparingTo("37000");

        ForecastEngine strict = new ForecastEngine(DefaultSalesProcess.get(),
                ForecastSettings.defaults().withThresholds(0.9, 0.5));
        GroupForecast strictAll = strict.forecast(new ForecastRequest(Q1, AS_OF, Grouping.ALL, Method.BASELINE),
                pipeline().histories()).group("all").orElseThrow();
        assertThat(strictAll.commit()).isEqualByComparingTo("12500");   // only the CRM's commit is left
        assertThat(strictAll.bestCase()).isEqualByComparingTo("46500");
    }

    @Test
    void aWonDealCountsForItsOwnerAtTheWin() {
        Forecast byTeam = baseline(pipeline().histories(), Grouping.TEAM);
        assertThat(byTeam.group("t2").orElseThrow().closedWon()).isEqualByComparingTo("7000");
        assertThat(byTeam.group("t1").orElseThrow().closedWon()).isEqualByComparingTo("2500");
    }

    @Test
    void aFactAfterAsOfChangesNothing() {
        Forecast before = baseline(pipeline().histories(), Grouping.REP);
        Facts later = pipeline().amount("D1", "2026-02-05", 99_999).lost("D2", "2026-02-02")
                .closeDate("D3", "2026-02-03", "2026-03-01");
        for (Method method : java.util.Arrays.stream(Method.values()).filter(m -> m != Method.AUTO).toList()) {
            ForecastRequest request = new ForecastRequest(Q1, AS_OF, Grouping.REP, method);
            Forecast a = engine.forecast(request, pipeline().histories());
            Forecast b = engine.forecast(request, later.histories());
            assertThat(b.groups()).isEqualTo(a.groups());
        }
        assertThat(before.provenance().facts()).isEqualTo(pipeline().events().size() - 1); // W3's win is after as-of
    }

    @Test
    void aBackfilledFactBeforeAsOfCountsAtItsBusinessTime() {
        // a revision on Jan 25 arrives first; an older one (Jan 20) arrives late: the later business time wins
        Facts backfilled = pipeline().amount("D1", "2026-01-25", 11_000).amount("D1", "2026-01-20", 12_000);
        GroupForecast all = baseline(backfilled.histories(), Grouping.ALL).group("all").orElseThrow();
        assertThat(all.fromOpenDeals()).isEqualByComparingTo(new BigDecimal("25350").add(new BigDecimal("600")));
        // a late fact that is the latest in business time counts too
        Facts late = pipeline().closeDate("D3", "2026-01-25", "2026-03-31");
        GroupForecast moved = baseline(late.histories(), Grouping.ALL).group("all").orElseThrow();
        assertThat(moved.fromOpenDeals()).isEqualByComparingTo("25850"); // + 0.1 x 5,000
    }

    @Test
    void aReopenedDealIsOpenAgainInItsStage() {
        Facts facts = new Facts()
                .opened("R1", "2025-11-01", "r1", "t1", "discussion", 10_000, "2026-02-15")
                .lost("R1", "2025-12-01")
                .reopened("R1", "2026-01-10", "development");
        DealState state = engine.states(facts.histories(), AS_OF).deals().get(0);
        assertThat(state.status()).isEqualTo(DealStatus.OPEN);
        assertThat(state.stageId()).isEqualTo("development");
        assertThat(state.stageEnteredAt()).isEqualTo(Facts.at("2026-01-10"));
        GroupForecast all = baseline(facts.histories(), Grouping.ALL).group("all").orElseThrow();
        assertThat(all.fromOpenDeals()).isEqualByComparingTo("2500"); // development 0.25
    }

    @Test
    void theExplanationListsTheTermsBehindTheNumber() {
        DealHistories deals = pipeline().histories();
        ForecastRequest request = new ForecastRequest(Q1, AS_OF, Grouping.TEAM, Method.LEARNED);
        Explanation explanation = engine.explain(request, "t1", engine.learn(deals, AS_OF),
                engine.states(deals, AS_OF));
        assertThat(explanation.deals()).extracting(DealTerm::opportunityId)
                .containsExactlyInAnyOrder("D1", "D2", "D3", "D4", "D5", "W3", "W4");
        BigDecimal sum = explanation.deals().stream().map(DealTerm::expected).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal fromNew = explanation.newDeals().stream().map(n -> ForecastEngine.money(n.expected()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum.add(fromNew).doubleValue())
                .isCloseTo(explanation.forecast().expected().doubleValue(), org.assertj.core.data.Offset.offset(0.1));
        DealTerm d1 = explanation.deals().stream().filter(d -> d.opportunityId().equals("D1")).findFirst()
                .orElseThrow();
        assertThat(d1.pInPeriod()).isBetween(0.0, d1.pWin());
        assertThat(explanation.provenance().modelVersion()).isEqualTo(ForecastModel.VERSION);
    }

    @Test
    void theSameInputsGiveTheSameNumbersWhateverTheOrderOfDeals() {
        Instant start = Facts.at("2024-07-01");
        Instant end = Facts.at("2026-01-01");
        List<OpportunityEvent> delivered = GeneratedHistories.events(11, 12, 2, start, end, 3.0);
        DealHistories deals = DealHistories.of(delivered);
        ForecastRequest request = new ForecastRequest(Q1, end, Grouping.TEAM, Method.LEARNED);
        Forecast first = engine.forecast(request, deals);
        Forecast again = engine.forecast(request, deals);
        assertThat(again).isEqualTo(first);

        // the same events, deals delivered in reverse order (each deal's own facts in order)
        Map<String, List<OpportunityEvent>> byDeal = new LinkedHashMap<>();
        delivered.forEach(e -> byDeal.computeIfAbsent(e.opportunityId().value(), k -> new ArrayList<>()).add(e));
        List<String> ids = new ArrayList<>(byDeal.keySet());
        Collections.reverse(ids);
        List<OpportunityEvent> events = new ArrayList<>();
        ids.forEach(id -> events.addAll(byDeal.get(id)));
        Forecast reordered = engine.forecast(request, DealHistories.of(events));
        assertThat(reordered.groups()).isEqualTo(first.groups());
        for (GroupForecast g : first.groups()) {
            assertThat(g.p10()).isLessThanOrEqualTo(g.p50());
            assertThat(g.p50()).isLessThanOrEqualTo(g.p90());
        }
    }
}
