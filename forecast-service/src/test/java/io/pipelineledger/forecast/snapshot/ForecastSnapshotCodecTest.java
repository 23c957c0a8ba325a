package io.pipelineledger.forecast.snapshot;

import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.generator.DomainEvents;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.forecast.engine.DealHistories;
import io.pipelineledger.forecast.engine.DealHistory;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.projection.ForecastLedger;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The snapshot's binary form: a read model written half-way through a generated history and read back, then fed the
 * rest, forecasts exactly as one fed the whole history (the independent check: a plain replay); redelivered events of
 * the snapshot's part change nothing; another format or a damaged byte is refused, leaving the ledger as it was.
 */
class ForecastSnapshotCodecTest {

    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final BusinessPeriod Q4 = BusinessPeriod.parse("2026-Q4").orElseThrow();
    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(),
            ForecastSettings.defaults().withSimulations(200));
    private final List<DomainEvents.Stored> history = history();

    @Test
    void aLedgerRestoredFromASnapshotPlusTheTailForecastsAsAFullReplay() throws Exception {
        ForecastLedger replayed = new ForecastLedger();
        history.forEach(stored -> replayed.apply(stored.event(), stored.sequence()));

        int half = history.size() / 2;
        ForecastLedger before = new ForecastLedger();
        history.subList(0, half).forEach(stored -> before.apply(stored.event(), stored.sequence()));
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(half, Set.of(7L, 11L));
        byte[] snapshot = ForecastSnapshotCodec.encode(new ForecastSnapshotCodec.Positions(token, null), before);

        ForecastLedger restored = new ForecastLedger();
        ForecastSnapshotCodec.Positions positions = ForecastSnapshotCodec.decode(snapshot, restored);
        assertThat(positions.forecast()).isEqualTo(token);
        assertThat(positions.submissions()).isNull();
        // a restart's processor may deliver a few events the snapshot holds again: skipped by sequence
        history.subList(half - 50, history.size()).forEach(stored -> restored.apply(stored.event(),
                stored.sequence()));

        assertSameDeals(restored.view().deals(), replayed.view().deals());
        for (Grouping grouping : List.of(Grouping.ALL, Grouping.REP, Grouping.TEAM)) {
            assertThat(forecast(restored, grouping)).isEqualTo(forecast(replayed, grouping));
        }
    }

    @Test
    void anotherFormatOrADamagedByteIsRefusedAndTheLedgerKeepsWhatItHad() {
        ForecastLedger ledger = new ForecastLedger();
        history.forEach(stored -> ledger.apply(stored.event(), stored.sequence()));
        byte[] snapshot = ForecastSnapshotCodec.encode(new ForecastSnapshotCodec.Positions(null, null), ledger);

        byte[] otherFormat = snapshot.clone();
        otherFormat[7] = (byte) (ForecastSnapshotCodec.FORMAT + 1);
        byte[] damaged = snapshot.clone();
        damaged[damaged.length / 2] ^= 0x5A;
        byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length - 3);

        ForecastLedger target = new ForecastLedger();
        target.apply(history.get(0).event(), history.get(0).sequence());
        long version = target.version();
        assertThatThrownBy(() -> ForecastSnapshotCodec.decode(otherFormat, target))
                .isInstanceOf(ForecastSnapshotCodec.Unreadable.class).hasMessageContaining("format");
        assertThatThrownBy(() -> ForecastSnapshotCodec.decode(damaged, target))
                .isInstanceOf(ForecastSnapshotCodec.Unreadable.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> ForecastSnapshotCodec.decode(truncated, target))
                .isInstanceOf(ForecastSnapshotCodec.Unreadable.class);
        assertThat(target.version()).isEqualTo(version);
        assertThat(target.view().deals().factCount()).isEqualTo(1);
    }

    @Test
    void exchangeRatesAndDealsCurrenciesSurviveASnapshot() throws Exception {
        ForecastLedger before = new ForecastLedger();
        history.forEach(stored -> before.apply(stored.event(), stored.sequence()));
        foreignDeals().forEach(e -> before.apply(e, -1));
        before.rateSet(rate("EUR", "2025-01-01", "1.10", 0));
        before.rateSet(rate("EUR", "2026-07-01", "1.30", 0));
        before.rateSet(rate("EUR", "2026-07-01", "1.20", 1)); // a correction: the later one counts
        before.rateSet(rate("GBP", "2025-06-01", "1.25", 0));
        byte[] snapshot = ForecastSnapshotCodec.encode(new ForecastSnapshotCodec.Positions(null, null), before);

        ForecastLedger restored = new ForecastLedger();
        ForecastSnapshotCodec.decode(snapshot, restored);
        assertThat(restored.rates().all()).isEqualTo(before.rates().all()).hasSize(3);
        assertThat(restored.rates().factor("EUR", "USD", java.time.LocalDate.parse("2026-09-30")))
                .hasValueSatisfying(f -> assertThat(f).isEqualByComparingTo("1.20"));
        assertSameDeals(restored.view().deals(), before.view().deals());
        for (String currency : new String[]{null, "EUR", "GBP"}) {
            Forecast expected = inCurrency(before, currency);
            assertThat(inCurrency(restored, currency)).isEqualTo(expected);
            // the foreign deals count: converted, not left out (only the CHF one is)
            assertThat(expected.unconverted()).extracting(w -> w.opportunityId()).containsExactly("X-CHF");
        }
        assertThat(inCurrency(before, null).group("all").orElseThrow().closedWon())
                .isGreaterThan(inCurrency(usdOnly(), null).group("all").orElseThrow().closedWon());
    }

    @Test
    void aSnapshotOfTheFormatBeforeCurrenciesIsRefused() {
        ForecastLedger ledger = new ForecastLedger();
        history.subList(0, 100).forEach(stored -> ledger.apply(stored.event(), stored.sequence()));
        byte[] snapshot = ForecastSnapshotCodec.encode(new ForecastSnapshotCodec.Positions(null, null), ledger);
        java.nio.ByteBuffer.wrap(snapshot).putInt(4, 1);
        assertThat(ForecastSnapshotCodec.FORMAT).isEqualTo(3);
        assertThatThrownBy(() -> ForecastSnapshotCodec.decode(snapshot, new ForecastLedger()))
                .isInstanceOf(ForecastSnapshotCodec.Unreadable.class).hasMessageContaining("format 1");
    }

    private ForecastLedger usdOnly() {
        ForecastLedger ledger = new ForecastLedger();
        history.forEach(stored -> ledger.apply(stored.event(), stored.sequence()));
        return ledger;
    }

    /** Deals won in Q4 (before END's view: as of the period's end) in EUR, GBP and CHF. */
    private static List<OpportunityEvent> foreignDeals() {
        List<OpportunityEvent> events = new java.util.ArrayList<>();
        String[][] deals = {{"X-EUR", "EUR", "40000"}, {"X-GBP", "GBP", "30000"}, {"X-CHF", "CHF", "20000"}};
        for (String[] d : deals) {
            events.add(new OpportunityOpenedEvent("o-" + d[0], OpportunityId.of(d[0]), Instant.parse("2026-09-01T00:00:00Z"),
                    RepId.of("rep-x"), TeamId.of("team-x"), RegionId.of("emea"), null, StageId.of("closing"),
                    new Money(new BigDecimal(d[2]), d[1]), null, null, 1));
            events.add(new OpportunityWonEvent("w-" + d[0], OpportunityId.of(d[0]), Instant.parse("2026-10-10T00:00:00Z"),
                    new Money(new BigDecimal(d[2]), d[1]), null, StageId.of("account-management"), List.of(),
                    List.of()));
        }
        return events;
    }

    private static ExchangeRateSetEvent rate(String currency, String from, String rate, int n) {
        return new ExchangeRateSetEvent("rate:" + currency + ":" + from + ":" + n, ExchangeRateSetEvent.TABLE_ID,
                Instant.parse("2026-01-01T00:00:00Z"), currency, java.time.LocalDate.parse(from), new BigDecimal(rate),
                "USD", null, null);
    }

    /** As of the quarter's end, so the Q4 wins count. */
    private Forecast inCurrency(ForecastLedger ledger, String currency) {
        ForecastEngine withRates = new ForecastEngine(DefaultSalesProcess.get(),
                ForecastSettings.defaults().withSimulations(200), ledger.rates(), "USD");
        return withRates.forecast(new ForecastRequest(Q4, Q4.end(), Grouping.ALL, Method.LEARNED, currency),
                ledger.view().deals());
    }

    private Forecast forecast(ForecastLedger ledger, Grouping grouping) {
        return engine.forecast(new ForecastRequest(Q4, END, grouping, Method.LEARNED), ledger.view().deals());
    }

    private static void assertSameDeals(DealHistories actual, DealHistories expected) {
        assertThat(actual.factCount()).isEqualTo(expected.factCount());
        assertThat(actual.deals()).hasSameSizeAs(expected.deals());
        for (int d = 0; d < expected.deals().size(); d++) {
            DealHistory a = actual.deals().get(d);
            DealHistory e = expected.deals().get(d);
            assertThat(a.opportunityId()).isEqualTo(e.opportunityId());
            for (int i = 0; i < e.size(); i++) {
                var fa = a.fact(i);
                var fe = e.fact(i);
                assertThat(fa).usingRecursiveComparison().ignoringFields("stage", "owner", "currency").isEqualTo(fe);
                assertThat(actual.currency(fa.currency())).isEqualTo(expected.currency(fe.currency()));
                if (fe.stage() >= 0) {
                    assertThat(actual.stageId(fa.stage())).isEqualTo(expected.stageId(fe.stage()));
                }
                if (fe.owner() >= 0) {
                    assertThat(actual.owner(fa.owner())).isEqualTo(expected.owner(fe.owner()));
                }
            }
        }
    }

    private static List<DomainEvents.Stored> history() {
        List<CrmEvent> events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(9, 12, 2,
                END.minus(500, ChronoUnit.DAYS), END, 3.0, 0.05, 0.05)).events();
        DomainEvents domain = new DomainEvents();
        return events.stream().map(domain::next).toList();
    }
}
