package io.pipelineledger.query.metrics;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.ExchangeRates;
import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.query.model.DealLedger;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pipelineledger.query.metrics.StageVisitsTest.OPP;
import static io.pipelineledger.query.metrics.StageVisitsTest.PROCESS;
import static io.pipelineledger.query.metrics.StageVisitsTest.day;
import static io.pipelineledger.query.metrics.StageVisitsTest.lost;
import static io.pipelineledger.query.metrics.StageVisitsTest.moved;
import static io.pipelineledger.query.metrics.StageVisitsTest.opened;
import static io.pipelineledger.query.metrics.StageVisitsTest.won;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DealMetricsTest {

    @Test
    void aSnapshotIsTheDealAsItStoodThenIncludingLateFacts() {
        var facts = List.of(opened(0, "prospecting", "ann"), moved(4, "prospecting", "qualification"),
                new AmountRevisedEvent("a", OPP, day(2), Money.of("1000", "USD"), Money.of("2500", "USD")),
                won(9, "qualification"));
        DealLedger ledger = ledger(facts);
        DealSnapshot early = ledger.dealsAsOf(day(3)).get(0);
        assertThat(early.stage().value()).isEqualTo("prospecting");
        assertThat(early.status()).isEqualTo(DealSnapshot.Status.OPEN);
        assertThat(early.amount()).isEqualByComparingTo("2500");
        DealSnapshot late = ledger.dealsAsOf(day(10)).get(0);
        assertThat(late.status()).isEqualTo(DealSnapshot.Status.WON);
        assertThat(late.stage().value()).isEqualTo("account-management");
        assertThat(late.amount()).isEqualByComparingTo("1000"); // the final value the win carried
        assertThat(late.closedBy().rep().value()).isEqualTo("ann");
        assertThat(ledger.dealsAsOf(day(0))).isEmpty();
    }

    @Test
    void winRatesCountDealsForTheirOwnerAtCloseAndPipelineCountsOpenDealsByStage() {
        DealSnapshot annWon = snapshot(opened(0, "closing", "ann"), won(3, "closing"));
        DealSnapshot annLost = snapshot(opened(0, "closing", "ann"), lost(3, "closing"));
        DealSnapshot handedToBob = snapshot(opened(0, "closing", "ann"), new OwnerReassignedEvent("r", OPP, day(1),
                RepId.of("ann"), RepId.of("bob"), TeamId.of("team-bob"), RegionId.of("emea")), won(3, "closing"));
        DealSnapshot bobOpen = snapshot(opened(0, "discussion", "bob"));
        DealSnapshot bobOpen2 = snapshot(opened(1, "discussion", "bob"));
        List<DealSnapshot> deals = List.of(annWon, annLost, handedToBob, bobOpen, bobOpen2);

        AmountConverter usd = new AmountConverter(new ExchangeRates(), "USD", day(100));
        Map<String, DealMetrics.WinRate> byRep = DealMetrics.winRates(deals, o -> o.rep().value(), usd);
        assertThat(byRep.get("ann")).isEqualTo(new DealMetrics.WinRate(1, 1, 0.5, new BigDecimal("1000.0000")));
        assertThat(byRep.get("bob")).isEqualTo(new DealMetrics.WinRate(1, 0, 1.0, new BigDecimal("1000.0000")));

        Map<String, List<DealMetrics.StagePipeline>> pipeline = DealMetrics.pipeline(deals, o -> "all", PROCESS,
                usd);
        assertThat(pipeline.get("all")).hasSize(6);
        DealMetrics.StagePipeline discussion = pipeline.get("all").stream()
                .filter(s -> s.stage().value().equals("discussion")).findFirst().orElseThrow();
        assertThat(discussion.count()).isEqualTo(2);
        assertThat(discussion.amount()).isEqualByComparingTo(new BigDecimal("2000"));
        assertThat(pipeline.get("all").stream().mapToLong(DealMetrics.StagePipeline::count).sum()).isEqualTo(2);
        assertThat(usd.warnings()).isEmpty();
    }

    @Test
    void anAmountWithoutARateIsCountedButLeftOutAndListedOnceAtItsDate() {
        DealSnapshot open = snapshot(opened(0, "discussion", "bob"));
        DealSnapshot won = snapshot(opened(0, "closing", "ann"), won(3, "closing"));
        ExchangeRates rates = new ExchangeRates();
        rates.record(new ExchangeRate("USD", day(50).atZone(ZoneOffset.UTC).toLocalDate(), new BigDecimal("0.8"),
                "EUR"));
        AmountConverter eur = new AmountConverter(rates, "EUR", day(100));
        // the open deal converts at as-of (day 100: 1 USD = 0.8 EUR); the win on day 3 had no rate yet
        assertThat(DealMetrics.pipeline(List.of(open, won), o -> "all", PROCESS, eur).get("all").stream()
                .filter(s -> s.count() > 0).findFirst().orElseThrow().amount()).isEqualByComparingTo("800");
        DealMetrics.WinRate rate = DealMetrics.winRates(List.of(open, won), o -> "all", eur).get("all");
        assertThat(rate.won()).isEqualTo(1);
        assertThat(rate.wonAmount()).isEqualByComparingTo("0");
        DealMetrics.winRates(List.of(open, won), o -> "all", eur); // asked twice: still listed once
        assertThat(eur.warnings()).extracting(UnconvertedAmount::opportunityId, UnconvertedAmount::currency,
                        UnconvertedAmount::on)
                .containsExactly(tuple("OPP-1", "USD", day(3).atZone(ZoneOffset.UTC).toLocalDate()));
        assertThat(eur.warnings().get(0).value()).isEqualByComparingTo("1000");
    }

    private static DealSnapshot snapshot(OpportunityEvent... facts) {
        return ledger(Stream.of(facts).toList()).dealsAsOf(day(100)).get(0);
    }

    private static DealLedger ledger(List<? extends OpportunityEvent> facts) {
        DealLedger ledger = new DealLedger();
        for (int i = 0; i < facts.size(); i++) {
            ledger.apply(facts.get(i), i);
        }
        return ledger;
    }
}
