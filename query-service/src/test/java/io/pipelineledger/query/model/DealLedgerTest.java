package io.pipelineledger.query.model;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.query.GeneratedFacts;
import io.pipelineledger.query.metrics.ConversionMetrics;
import io.pipelineledger.query.metrics.DealSnapshot;
import io.pipelineledger.query.metrics.StageVisit;
import io.pipelineledger.query.metrics.StageVisits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The packed read model against the plain metrics code it packs, on a generated history with late facts. */
class DealLedgerTest {

    static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    static final SalesProcess PROCESS = DefaultSalesProcess.get();
    static final List<Instant> TIMES = List.of(END.minus(300, ChronoUnit.DAYS), END.minus(120, ChronoUnit.DAYS),
            END.minus(1, ChronoUnit.DAYS), END.plus(1, ChronoUnit.DAYS));
    static List<CrmEvent> events;
    static Map<OpportunityId, List<OpportunityEvent>> factsByDeal;
    static DealLedger ledger;

    @BeforeAll
    static void history() {
        events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(17, 10, 2,
                END.minus(400, ChronoUnit.DAYS), END, 3.0, 0.1, 0.1)).events();
        factsByDeal = new LinkedHashMap<>();
        ledger = new DealLedger();
        Map<String, Long> sequences = new LinkedHashMap<>();
        for (CrmEvent e : events) {
            long sequence = sequences.merge(e.opportunityId(), 1L, Long::sum) - 1;
            OpportunityEvent fact = GeneratedFacts.fact(e);
            if (fact != null) {
                factsByDeal.computeIfAbsent(fact.opportunityId(), k -> new ArrayList<>()).add(fact);
            }
            if (fact != null) {
                ledger.apply(fact, sequence);
            }
        }
    }

    @Test
    void visitsAreThoseOfEachDealsFactsAsOfAnyTime() {
        for (Instant t : TIMES) {
            List<StageVisit> expected = new ArrayList<>();
            factsByDeal.values().forEach(facts -> expected.addAll(StageVisits.asOf(facts, t, PROCESS)));
            assertThat(sorted(ledger.visitsAsOf(t))).as("visits as of %s", t).isEqualTo(sorted(expected));
        }
    }

    @Test
    void theConversionScanGivesWhatTheMetricsGiveOverVisitObjects() {
        for (Instant t : TIMES) {
            List<StageVisit> visits = ledger.visitsAsOf(t);
            assertThat(ledger.conversion(t, o -> o.team().value(), null, null, null))
                    .isEqualTo(ConversionMetrics.byGroup(visits, v -> v.team().value(), null, PROCESS, null, null));
            Instant from = t.minus(90, ChronoUnit.DAYS);
            assertThat(ledger.conversion(t, o -> o.rep().value(), BusinessPeriod.Granularity.MONTH, from, t))
                    .isEqualTo(ConversionMetrics.byGroup(visits, v -> v.rep().value(),
                            BusinessPeriod.Granularity.MONTH, PROCESS, from, t));
        }
    }

    @Test
    void theDurableFormRestoresTheSameDeals() {
        DealLedger restored = new DealLedger();
        factsByDeal.keySet().forEach(id -> restored.restore(id, ledger.export(id)));
        assertThat(restored.factsApplied()).isEqualTo(ledger.factsApplied());
        for (Instant t : TIMES) {
            assertThat(sorted(restored.visitsAsOf(t))).isEqualTo(sorted(ledger.visitsAsOf(t)));
            assertThat(restored.dealsAsOf(t)).containsExactlyInAnyOrderElementsOf(ledger.dealsAsOf(t));
        }
    }

    @Test
    void theWholeLedgerInChunksRestoresTheSameDeals() {
        List<byte[]> chunks = new ArrayList<>();
        ledger.exportAll(4_096, chunks::add);
        assertThat(chunks).hasSizeGreaterThan(10);
        DealLedger restored = new DealLedger();
        int count = 0;
        for (byte[] chunk : chunks) {
            count += restored.restoreAll(chunk, id -> true);
        }
        assertThat(count).isEqualTo(factsByDeal.size());
        assertThat(restored.factsApplied()).isEqualTo(ledger.factsApplied());
        for (Instant t : TIMES) {
            assertThat(sorted(restored.visitsAsOf(t))).isEqualTo(sorted(ledger.visitsAsOf(t)));
            assertThat(restored.dealsAsOf(t)).containsExactlyInAnyOrderElementsOf(ledger.dealsAsOf(t));
        }
        // only the deals asked for
        OpportunityId one = factsByDeal.keySet().iterator().next();
        DealLedger single = new DealLedger();
        chunks.forEach(chunk -> single.restoreAll(chunk, one::equals));
        assertThat(single.dealCount()).isEqualTo(1);
        assertThat(single.export(one)).isEqualTo(ledger.export(one));
    }

    @Test
    void changeLogsOnTopOfAnOlderSnapshotRestoreTheSameDeals() {
        // a ledger fed in batches, each logging its facts; a snapshot taken half-way
        DealLedger live = new DealLedger();
        List<byte[]> logs = new ArrayList<>();
        Map<OpportunityId, byte[]> snapshot = new LinkedHashMap<>();
        Map<String, Long> sequences = new LinkedHashMap<>();
        ChangeLog batch = new ChangeLog();
        for (int i = 0; i < events.size(); i++) {
            CrmEvent e = events.get(i);
            long sequence = sequences.merge(e.opportunityId(), 1L, Long::sum) - 1;
            OpportunityEvent fact = GeneratedFacts.fact(e);
            if (fact != null) {
                live.apply(fact, sequence, batch);
            }
            if (i % 500 == 499 || i == events.size() - 1) {
                logs.add(batch.bytes());
                batch = new ChangeLog();
            }
            if (i == events.size() / 2) {
                factsByDeal.keySet().forEach(id -> {
                    byte[] exported = live.export(id);
                    if (exported != null) {
                        snapshot.put(id, exported);
                    }
                });
            }
        }
        DealLedger restored = new DealLedger();
        snapshot.forEach(restored::restore);
        Set<OpportunityId> touched = new HashSet<>();
        // every log, also those the snapshot already covers: facts already there are skipped
        logs.forEach(log -> restored.applyChanges(log, id -> true, touched));
        assertThat(restored.factsApplied()).isEqualTo(ledger.factsApplied());
        assertThat(touched).isEqualTo(factsByDeal.keySet());
        for (Instant t : TIMES) {
            assertThat(sorted(restored.visitsAsOf(t))).isEqualTo(sorted(ledger.visitsAsOf(t)));
            assertThat(restored.dealsAsOf(t)).containsExactlyInAnyOrderElementsOf(ledger.dealsAsOf(t));
        }
    }

    @Test
    void aRedeliveredFactIsNotASecondOneAndALateFactChangesThePastWhereItBelongs() {
        List<OpportunityEvent> facts = factsByDeal.values().stream().filter(f -> f.size() > 4).findFirst()
                .orElseThrow();
        DealLedger one = new DealLedger();
        // arrival order (the aggregate's sequence) differs from business-time order: the last fact arrives second,
        // the ones between come late
        long sequence = 0;
        one.apply(facts.get(0), sequence++);
        one.apply(facts.get(facts.size() - 1), sequence++);
        for (int i = 1; i < facts.size() - 1; i++) {
            assertThat(one.apply(facts.get(i), sequence++)).isTrue();
        }
        assertThat(one.apply(facts.get(2), sequence - 1)).as("redelivery").isFalse();
        assertThat(one.factsApplied()).isEqualTo(facts.size());
        assertThat(sorted(one.visitsAsOf(END.plusSeconds(86_400))))
                .isEqualTo(sorted(StageVisits.asOf(facts, END.plusSeconds(86_400), PROCESS)));
    }

    @Test
    void eachDealKeepsItsCurrencyThroughTheDurableFormAndTheChangeLog() {
        OpportunityId eur = OpportunityId.of("OPP-EUR");
        OpportunityId jpy = OpportunityId.of("OPP-JPY");
        DealLedger live = new DealLedger();
        ChangeLog changes = new ChangeLog();
        live.apply(opened(eur, "EUR", "1500.5"), 0, changes);
        live.apply(opened(jpy, "JPY", "2000000"), 0, changes);
        live.apply(new AmountRevisedEvent("r", eur, END.minusSeconds(10), null, new Money(new BigDecimal("1700"),
                "EUR")), 1, changes);
        Map<String, String> expected = Map.of("OPP-EUR", "EUR", "OPP-JPY", "JPY");
        assertThat(currencies(live)).isEqualTo(expected);

        DealLedger exported = new DealLedger();
        exported.restore(eur, live.export(eur));
        exported.restore(jpy, live.export(jpy));
        assertThat(currencies(exported)).isEqualTo(expected);
        assertThat(exported.dealsAsOf(END)).containsExactlyInAnyOrderElementsOf(live.dealsAsOf(END));

        DealLedger replayed = new DealLedger();
        replayed.applyChanges(changes.bytes(), id -> true, new HashSet<>());
        assertThat(currencies(replayed)).isEqualTo(expected);
        assertThat(replayed.dealsWithoutCurrency()).isZero();
    }

    /** What a deal's row held before currencies were kept (form 1): read, its currency unknown, and counted. */
    @Test
    void theDurableFormOfBeforeIsReadWithItsCurrencyUnknown() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeLong(0);
        out.writeInt(1);
        out.writeLong(END.minusSeconds(3_600).toEpochMilli());
        out.writeByte(DealLedger.OPENED);
        out.writeBoolean(true);
        out.writeUTF("prospecting");
        out.writeBoolean(true);
        out.writeUTF("rep-1");
        out.writeBoolean(false);
        out.writeBoolean(false);
        out.writeShort(1);
        out.writeLong(12_345_0000L);
        DealLedger old = new DealLedger();
        old.restore(OpportunityId.of("OPP-OLD"), bytes.toByteArray());
        DealSnapshot deal = old.dealsAsOf(END).get(0);
        assertThat(deal.amount()).isEqualByComparingTo("12345");
        assertThat(deal.currency()).isNull();
        assertThat(old.dealsWithoutCurrency()).isEqualTo(1);
        assertThat(ledger.dealsWithoutCurrency()).isZero();
    }

    private static OpportunityOpenedEvent opened(OpportunityId id, String currency, String amount) {
        return new OpportunityOpenedEvent("o", id, END.minusSeconds(100), RepId.of("rep-1"), TeamId.of("team-1"),
                null, null, StageId.of("prospecting"), new Money(new BigDecimal(amount), currency), null, null, 1);
    }

    private static Map<String, String> currencies(DealLedger ledger) {
        Map<String, String> currencies = new TreeMap<>();
        ledger.dealsAsOf(END).forEach(d -> currencies.put(d.opportunityId().value(), d.currency()));
        return currencies;
    }

    private static List<StageVisit> sorted(List<StageVisit> visits) {
        return visits.stream().sorted(Comparator.comparing((StageVisit v) -> v.opportunityId().value())
                .thenComparing(StageVisit::enteredAt).thenComparing(v -> v.stage().value())).toList();
    }
}
