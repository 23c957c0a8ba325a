package io.pipelineledger.query.projection;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.query.api.FindDashboardQuery;
import io.pipelineledger.query.api.FindPipelineQuery;
import io.pipelineledger.query.api.FindWinRatesQuery;
import io.pipelineledger.query.api.GroupBy;
import io.pipelineledger.query.api.Views;
import io.pipelineledger.query.model.DealLedger;
import io.pipelineledger.query.model.QueryExchangeRates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipeline and win-rate amounts in four currencies against a computation written here: USD reporting, EUR and GBP
 * with rates changing mid-history (GBP has none before February), JPY with none at all. Each deal's amount is
 * converted by hand at the right date's rate (open deals at as-of, wins at the win's date), rounded to the cent,
 * and summed; deals without a rate are counted but left out of the amounts and must be the answer's warnings.
 */
class CurrencyAnswersTest {

    static final LocalDate START = LocalDate.of(2026, 1, 1);
    static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "JPY");
    static final List<String> STAGES = List.of("prospecting", "qualification", "development");
    /** The test's own rate table: currency → first day → USD per unit. */
    static final Map<String, TreeMap<LocalDate, BigDecimal>> RATES = Map.of(
            "USD", new TreeMap<>(Map.of(LocalDate.MIN, BigDecimal.ONE)),
            "EUR", new TreeMap<>(Map.of(START, new BigDecimal("1.25"), START.plusDays(90), new BigDecimal("1.5"),
                    START.plusDays(150), new BigDecimal("1.1"))),
            "GBP", new TreeMap<>(Map.of(START.plusDays(31), new BigDecimal("1.5"),
                    START.plusDays(120), new BigDecimal("1.875"))),
            "JPY", new TreeMap<>());
    static final List<Instant> AS_OF = List.of(at(45), at(100), at(135), at(260));

    /** One generated deal as the test sees it (days from START; -1: never). */
    record Deal(String id, String currency, String team, String stage, int openDay, BigDecimal amount,
                int reviseDay, BigDecimal revised, int wonDay, BigDecimal finalAmount, int lostDay) {

        boolean openedBefore(int day) {
            return openDay < day;
        }

        BigDecimal amountOn(int day) {
            return reviseDay >= 0 && reviseDay < day ? revised : amount;
        }
    }

    static final List<Deal> DEALS = new ArrayList<>();
    static StageMetricsQueryHandler handler;

    @BeforeAll
    static void ledger() {
        Random random = new Random(14);
        for (int i = 0; i < 240; i++) {
            int open = random.nextInt(200);
            BigDecimal amount = BigDecimal.valueOf(100L * (1 + random.nextInt(900)));
            int outcome = open + 5 + random.nextInt(120);
            int revise = random.nextInt(3) == 0 ? open + 1 + random.nextInt(outcome - open - 1) : -1;
            BigDecimal revised = revise < 0 ? null : amount.add(BigDecimal.valueOf(50L * random.nextInt(40)));
            int kind = random.nextInt(10);
            int won = kind < 4 ? outcome : -1;
            int lost = kind >= 4 && kind < 6 ? outcome : -1;
            BigDecimal finalAmount = won >= 0 && random.nextBoolean() ? BigDecimal.valueOf(37L * (1 + random.nextInt(3000)))
                    : null;
            DEALS.add(new Deal("OPP-" + i, CURRENCIES.get(i % 4), "team-" + (i % 3), STAGES.get(i % STAGES.size()),
                    open, amount, revise, revised, won, finalAmount, lost));
        }
        // a GBP win in January, before GBP's first rate; a EUR deal open across EUR's rate changes
        DEALS.add(new Deal("OPP-GBP-JAN", "GBP", "team-0", "qualification", 2, new BigDecimal("900"), -1, null,
                20, new BigDecimal("800"), -1));
        DEALS.add(new Deal("OPP-EUR-LONG", "EUR", "team-1", "development", 1, new BigDecimal("10000"), 95,
                new BigDecimal("12000"), -1, null, -1));
        DealLedger ledger = new DealLedger();
        for (Deal d : DEALS) {
            List<OpportunityEvent> facts = facts(d);
            // arrival order is not business order: the outcome first, then the rest (late facts)
            long sequence = 0;
            for (int s = facts.size() - 1; s >= 0; s--) {
                ledger.apply(facts.get(s), sequence++);
            }
        }
        QueryExchangeRates rates = new QueryExchangeRates("USD");
        RATES.forEach((currency, dates) -> dates.forEach((from, rate) -> {
            if (!currency.equals("USD")) {
                rates.record(new ExchangeRate(currency, from, rate, "USD"), 1);
            }
        }));
        handler = new StageMetricsQueryHandler(ledger, rates, Clock.fixed(at(260), ZoneOffset.UTC));
    }

    @Test
    void pipelineAmountsAreEachOpenDealConvertedAtTheAsOfDate() {
        for (String currency : List.of("USD", "EUR", "GBP")) {
            for (Instant asOf : AS_OF) {
                Views.PipelineView view = handler.pipeline(new FindPipelineQuery(GroupBy.TEAM, asOf,
                        currency.equals("USD") ? null : currency));
                assertThat(view.currency()).isEqualTo(currency);
                int day = day(asOf);
                Map<String, BigDecimal> expected = new TreeMap<>();
                Map<String, Long> counts = new TreeMap<>();
                Set<String> unconverted = new TreeSet<>();
                for (Deal d : DEALS) {
                    if (!d.openedBefore(day) || closedBefore(d, day)) {
                        continue;
                    }
                    String key = d.team() + "/" + d.stage();
                    counts.merge(key, 1L, Long::sum);
                    BigDecimal converted = convert(d.amountOn(day), d.currency(), currency, asOf);
                    if (converted == null) {
                        unconverted.add(d.id());
                    } else {
                        expected.merge(key, converted, BigDecimal::add);
                    }
                }
                Map<String, BigDecimal> actual = new TreeMap<>();
                Map<String, Long> actualCounts = new TreeMap<>();
                for (Views.PipelineGroup g : view.groups()) {
                    BigDecimal sum = BigDecimal.ZERO;
                    for (Views.PipelineStage s : g.stages()) {
                        sum = sum.add(s.amount());
                        if (s.count() > 0) {
                            actualCounts.put(g.group() + "/" + s.stage(), s.count());
                            actual.put(g.group() + "/" + s.stage(), s.amount());
                        }
                    }
                    assertThat(g.amount()).as("group total = its stages").isEqualByComparingTo(sum);
                }
                assertThat(actualCounts).as("counts as of %s", asOf).isEqualTo(counts);
                assertThat(actual.keySet()).isEqualTo(counts.keySet());
                counts.keySet().forEach(key -> assertThat(actual.get(key)).as("%s in %s as of %s", key, currency,
                        asOf).isEqualByComparingTo(expected.getOrDefault(key, BigDecimal.ZERO)));
                assertThat(view.warnings()).extracting(UnconvertedAmount::opportunityId)
                        .containsExactlyInAnyOrderElementsOf(unconverted);
                view.warnings().forEach(w -> assertThat(w.on()).isEqualTo(LocalDate.ofInstant(asOf, ZoneOffset.UTC)));
            }
        }
    }

    @Test
    void wonAmountsAreEachWinConvertedAtItsOwnDate() {
        for (String currency : List.of("USD", "EUR")) {
            Instant asOf = at(260);
            Views.WinRatesView view = handler.winRates(new FindWinRatesQuery(GroupBy.TEAM, asOf, currency));
            Map<String, BigDecimal> expected = new TreeMap<>();
            Map<String, Long> won = new TreeMap<>();
            Map<String, LocalDate> unconverted = new TreeMap<>();
            for (Deal d : DEALS) {
                if (d.wonDay() < 0 || d.wonDay() >= 260) {
                    continue;
                }
                won.merge(d.team(), 1L, Long::sum);
                BigDecimal value = d.finalAmount() != null ? d.finalAmount() : d.amountOn(d.wonDay() + 1);
                BigDecimal converted = convert(value, d.currency(), currency, at(d.wonDay()));
                if (converted == null) {
                    unconverted.put(d.id(), date(d.wonDay()));
                } else {
                    expected.merge(d.team(), converted, BigDecimal::add);
                }
            }
            assertThat(view.currency()).isEqualTo(currency);
            assertThat(view.groups().stream().collect(Collectors.toMap(Views.WinRateGroup::group,
                    Views.WinRateGroup::won))).isEqualTo(won);
            for (Views.WinRateGroup g : view.groups()) {
                assertThat(g.wonAmount()).as("%s won in %s", g.group(), currency)
                        .isEqualByComparingTo(expected.getOrDefault(g.group(), BigDecimal.ZERO));
            }
            Map<String, LocalDate> warned = new TreeMap<>();
            view.warnings().forEach(w -> warned.put(w.opportunityId(), w.on()));
            assertThat(warned).isEqualTo(unconverted);
            // the GBP wins of January had no rate yet, and JPY never has one
            assertThat(view.warnings()).extracting(UnconvertedAmount::currency).contains("JPY", "GBP");
        }
    }

    @Test
    void theDashboardNamesItsCurrencyAndListsEveryAmountLeftOutOnce() {
        Views.DashboardView view = handler.dashboard(new FindDashboardQuery(GroupBy.ALL, "EUR"));
        assertThat(view.currency()).isEqualTo("EUR");
        assertThat(view.pipeline().currency()).isEqualTo("EUR");
        assertThat(view.winRates().currency()).isEqualTo("EUR");
        List<UnconvertedAmount> both = new ArrayList<>(view.pipeline().warnings());
        both.addAll(view.winRates().warnings());
        assertThat(view.warnings()).containsExactlyInAnyOrderElementsOf(both).doesNotHaveDuplicates();
        assertThat(view.warnings()).isNotEmpty();
        assertThat(view.warnings()).extracting(UnconvertedAmount::currency).contains("JPY");
        for (UnconvertedAmount w : view.warnings()) {
            Deal d = DEALS.stream().filter(deal -> deal.id().equals(w.opportunityId())).findFirst().orElseThrow();
            boolean won = d.wonDay() >= 0 && d.wonDay() < 260;
            assertThat(w.value()).as(w.opportunityId()).isEqualByComparingTo(!won ? d.amountOn(260)
                    : d.finalAmount() != null ? d.finalAmount() : d.amountOn(d.wonDay() + 1));
            assertThat(w.on()).isEqualTo(date(won ? d.wonDay() : 260));
            assertThat(w.message()).contains(w.currency() + " to EUR");
        }
    }

    // ------------------------------------------------------------------ the independent computation

    /** value in from → to on the instant's UTC date, via USD, to the cent; null when a rate is missing. */
    static BigDecimal convert(BigDecimal value, String from, String to, Instant on) {
        if (from.equals(to)) {
            return value;
        }
        LocalDate date = LocalDate.ofInstant(on, ZoneOffset.UTC);
        Map.Entry<LocalDate, BigDecimal> fromRate = RATES.get(from).floorEntry(date);
        Map.Entry<LocalDate, BigDecimal> toRate = RATES.get(to).floorEntry(date);
        if (fromRate == null || toRate == null) {
            return null;
        }
        return value.multiply(fromRate.getValue()).divide(toRate.getValue(), 2, RoundingMode.HALF_EVEN);
    }

    static boolean closedBefore(Deal d, int day) {
        return (d.wonDay() >= 0 && d.wonDay() < day) || (d.lostDay() >= 0 && d.lostDay() < day);
    }

    static List<OpportunityEvent> facts(Deal d) {
        OpportunityId id = OpportunityId.of(d.id());
        List<OpportunityEvent> facts = new ArrayList<>();
        facts.add(new OpportunityOpenedEvent(d.id() + "-o", id, at(d.openDay()), RepId.of("rep-" + d.team()),
                TeamId.of(d.team()), RegionId.of("emea"), null, StageId.of(d.stage()),
                new Money(d.amount(), d.currency()), null, null, 1));
        if (d.reviseDay() >= 0) {
            facts.add(new AmountRevisedEvent(d.id() + "-r", id, at(d.reviseDay()), new Money(d.amount(), d.currency()),
                    new Money(d.revised(), d.currency())));
        }
        if (d.wonDay() >= 0) {
            facts.add(new OpportunityWonEvent(d.id() + "-w", id, at(d.wonDay()),
                    d.finalAmount() == null ? null : new Money(d.finalAmount(), d.currency()), StageId.of(d.stage()),
                    StageId.of("account-management"), List.of(), List.of()));
        }
        if (d.lostDay() >= 0) {
            facts.add(new OpportunityLostEvent(d.id() + "-l", id, at(d.lostDay()), "no budget",
                    StageId.of(d.stage())));
        }
        return facts;
    }

    /** Noon of the day: a fact's date is never in doubt. */
    static Instant at(int day) {
        return START.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(43_200);
    }

    static int day(Instant asOf) {
        // a fact at noon of day d is before an as-of at noon of day d+1, not before noon of day d
        return (int) java.time.temporal.ChronoUnit.DAYS.between(START, LocalDate.ofInstant(asOf, ZoneOffset.UTC));
    }

    static LocalDate date(int day) {
        return START.plusDays(day);
    }
}
