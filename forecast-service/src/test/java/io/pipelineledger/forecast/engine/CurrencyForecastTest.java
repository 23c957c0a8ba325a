package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.ExchangeRates;
import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Deals in USD (the reporting currency), EUR, GBP and CHF (no rate), with the EUR rate changing inside the period:
 * every figure against a computation by hand with the rate in force at each win's date and at as-of, in USD and in
 * EUR; CHF deals left out and listed; the model's won amounts learned in USD, each win at its date.
 */
class CurrencyForecastTest {

    private static final BusinessPeriod Q1 = BusinessPeriod.parse("2026-Q1").orElseThrow();
    private static final Instant AS_OF = Facts.at("2026-03-01");
    /** USD per unit: EUR 1.10 from 2025-01-01 and 1.20 from 2026-02-01; GBP 1.25 from 2025-01-01; no CHF. */
    private static final Map<String, Map<LocalDate, String>> RATES = Map.of(
            "EUR", Map.of(LocalDate.parse("2025-01-01"), "1.10", LocalDate.parse("2026-02-01"), "1.20"),
            "GBP", Map.of(LocalDate.parse("2025-01-01"), "1.25"));

    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(),
            ForecastSettings.defaults().withSimulations(200), rates(), "USD");

    private static ExchangeRates rates() {
        ExchangeRates rates = new ExchangeRates();
        RATES.forEach((currency, byDate) -> byDate.forEach((from, rate) ->
                rates.record(new ExchangeRate(currency, from, new BigDecimal(rate), "USD"))));
        return rates;
    }

    /** Stage weights of the default process: discussion 0.6, closing 0.8, qualification 0.1. */
    private static DealHistories deals() {
        return new Facts()
                .in("EUR").opened("W-EUR-1", "2025-12-01", "r1", "t1", "closing", 8_000, "2026-01-31")
                .won("W-EUR-1", "2026-01-15", 10_000L)                     // at 1.10: 11,000 USD (before: 8,800)
                .opened("W-EUR-2", "2025-12-01", "r1", "t1", "closing", 5_000, "2026-02-28")
                .won("W-EUR-2", "2026-02-10", null)                        // at 1.20: 6,000 USD
                .opened("W-EUR-OLD", "2025-11-01", "r1", "t1", "closing", 9_000, "2025-12-31")
                .won("W-EUR-OLD", "2025-12-20", null)                      // before Q1; learned at 1.10: 9,900 USD
                .opened("O-EUR", "2026-01-05", "r1", "t1", "discussion", 20_000, "2026-03-15")
                .opened("O-EUR-LATE", "2026-01-06", "r1", "t1", "discussion", 50_000, "2026-06-01")
                .in("GBP").opened("W-GBP", "2025-12-05", "r1", "t1", "closing", 8_000, "2026-01-31")
                .won("W-GBP", "2026-01-20", 8_000L)                        // at 1.25: 10,000 USD
                .opened("O-GBP", "2026-01-07", "r1", "t1", "closing", 3_000, "2026-03-20")
                .amount("O-GBP", "2026-02-01", 4_000)                      // at as-of: 5,000 USD
                .in("USD").opened("W-USD", "2025-12-01", "r1", "t1", "closing", 3_000, "2026-02-28")
                .won("W-USD", "2026-02-20", null)
                .opened("O-USD", "2026-01-08", "r1", "t1", "qualification", 10_000, "2026-03-10")
                .in("CHF").opened("W-CHF", "2025-12-01", "r1", "t1", "closing", 4_000, "2026-01-31")
                .won("W-CHF", "2026-01-25", null)
                .opened("O-CHF", "2026-01-10", "r1", "t1", "closing", 7_000, "2026-03-05")
                .histories();
    }

    private Forecast forecast(Method method, String currency) {
        return engine.forecast(new ForecastRequest(Q1, AS_OF, Grouping.ALL, method, currency), deals());
    }

    @Test
    void winsConvertAtTheirDateOpenDealsAtAsOfAndDealsWithoutARateAreLeftOutAndListed() {
        for (Method method : java.util.Arrays.stream(Method.values()).filter(m -> m != Method.AUTO).toList()) {
            Forecast f = forecast(method, null);
            GroupForecast all = f.group("all").orElseThrow();
            assertThat(f.currency()).isEqualTo("USD");
            // 10,000 EUR x 1.10 + 5,000 EUR x 1.20 + 8,000 GBP x 1.25 + 3,000 USD; the CHF win is left out
            assertThat(all.closedWon()).as(method.name()).isEqualByComparingTo("30000");
            // open, closing in Q1, at the as-of rates: 20,000 EUR x 1.20 + 4,000 GBP x 1.25 + 10,000 USD
            assertThat(all.pipeline()).as(method.name()).isEqualByComparingTo("39000");
            // O-EUR, O-EUR-LATE, O-GBP, O-USD; not O-CHF
            assertThat(all.openDeals()).as(method.name()).isEqualTo(4);
            assertThat(f.warnings()).as(method.name()).containsExactlyInAnyOrder(
                    UnconvertedAmount.of("W-CHF", new BigDecimal("4000.00"), "CHF", "USD", LocalDate.parse("2026-01-25")),
                    UnconvertedAmount.of("O-CHF", new BigDecimal("7000.00"), "CHF", "USD", LocalDate.parse("2026-03-01")));
        }
        // baseline: 0.6 x 24,000 + 0.8 x 5,000 + 0.1 x 10,000
        GroupForecast baseline = forecast(Method.BASELINE, null).group("all").orElseThrow();
        assertThat(baseline.fromOpenDeals()).isEqualByComparingTo("19400");
        assertThat(baseline.expected()).isEqualByComparingTo("49400");
    }

    @Test
    void anotherCurrencyConvertsEveryFigureAtTheSameDates() {
        Forecast eur = forecast(Method.BASELINE, "EUR");
        GroupForecast all = eur.group("all").orElseThrow();
        assertThat(eur.currency()).isEqualTo("EUR");
        MathContext mc = MathContext.DECIMAL128;
        // wins: 10,000 + 5,000 EUR as they are; 8,000 GBP x 1.25 / 1.10 (Jan 20); 3,000 USD / 1.20 (Feb 20)
        BigDecimal closedWon = new BigDecimal("15000")
                .add(new BigDecimal("8000").multiply(new BigDecimal("1.25")).divide(new BigDecimal("1.10"), mc))
                .add(new BigDecimal("3000").divide(new BigDecimal("1.20"), mc));
        assertThat(all.closedWon()).isEqualByComparingTo(closedWon.setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(all.closedWon()).isEqualByComparingTo("26590.91");
        // open at as-of (1.20): 20,000 EUR + 4,000 GBP x 1.25 / 1.20 + 10,000 USD / 1.20
        assertThat(all.pipeline()).isEqualByComparingTo("32500");
        // 0.6 x 20,000 + 0.8 x 4,166.67 + 0.1 x 8,333.33
        assertThat(all.fromOpenDeals().doubleValue()).isCloseTo(12_000 + 0.8 * 5_000 / 1.2 + 0.1 * 10_000 / 1.2,
                within(0.01));
        assertThat(eur.unconverted()).extracting(UnconvertedAmount::opportunityId).containsExactlyInAnyOrder("W-CHF",
                "O-CHF");
        assertThat(eur.warnings()).allSatisfy(w -> assertThat(w.message()).contains("CHF to EUR"));

        // learned: everything not yet won is valued at as-of, where 1 EUR = 1.20 USD throughout
        GroupForecast usd = forecast(Method.LEARNED, null).group("all").orElseThrow();
        GroupForecast inEur = forecast(Method.LEARNED, "EUR").group("all").orElseThrow();
        assertThat(inEur.fromOpenDeals().doubleValue()).isCloseTo(usd.fromOpenDeals().doubleValue() / 1.2,
                within(0.02));
        // deals not opened yet: the model's USD means at the as-of rate (Q2: long enough for new deals to close)
        BusinessPeriod q2 = BusinessPeriod.parse("2026-Q2").orElseThrow();
        GroupForecast newUsd = engine.forecast(new ForecastRequest(q2, AS_OF, Grouping.ALL, Method.LEARNED, null),
                deals()).group("all").orElseThrow();
        GroupForecast newEur = engine.forecast(new ForecastRequest(q2, AS_OF, Grouping.ALL, Method.LEARNED, "EUR"),
                deals()).group("all").orElseThrow();
        assertThat(newUsd.fromNewDeals().signum()).isPositive();
        assertThat(newEur.fromNewDeals().doubleValue()).isCloseTo(newUsd.fromNewDeals().doubleValue() / 1.2,
                within(0.02));
    }

    @Test
    void aCurrencyWithoutAnyRateLeavesEverythingOutAndSaysSo() {
        Forecast jpy = engine.forecast(new ForecastRequest(Q1, Facts.at("2026-02-15"), Grouping.ALL, Method.LEARNED,
                "JPY"), deals());
        assertThat(jpy.currency()).isEqualTo("JPY");
        assertThat(jpy.groups()).allSatisfy(g -> {
            assertThat(g.closedWon()).isEqualByComparingTo("0");
            assertThat(g.expected()).isEqualByComparingTo("0");
        });
        // as of Feb 15: 4 wins in Q1 (not W-USD yet), 6 open deals (W-USD too), each listed; the new deals' term
        // once per rep, without a deal
        assertThat(jpy.warnings()).hasSize(11);
        assertThat(jpy.unconverted()).filteredOn(w -> w.opportunityId() == null).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("r1's deals not opened yet").contains("USD to JPY"));
    }

    @Test
    void theModelLearnsWonAmountsInTheReportingCurrencyEachWinAtItsDate() {
        ForecastModel model = engine.learn(deals(), AS_OF);
        assertThat(model.currency()).isEqualTo("USD");
        assertThat(model.unconvertedWins()).isEqualTo(1); // the CHF win
        // wins before as-of, in USD: 11,000 + 6,000 + 9,900 + 10,000 + 3,000 (one rep, one team: no shrinkage)
        assertThat(model.wonAmounts().repMean("r1", "t1")).isCloseTo(39_900 / 5.0, within(1e-6));
        // the same deals just before the win: 8,000 EUR x 1.10 = 8,800 for W-EUR-1, the rest as won
        assertThat(model.wonAmounts().wonToPipelineRatio()).isCloseTo(39_900 / 37_700.0, within(1e-12));

        // an engine without rates learns only the USD win, and leaves every other deal out of its answer
        ForecastEngine noRates = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());
        ForecastModel usdOnly = noRates.learn(deals(), AS_OF);
        assertThat(usdOnly.unconvertedWins()).isEqualTo(5);
        assertThat(usdOnly.wonAmounts().repMean("r1", "t1")).isCloseTo(3_000, within(1e-6));
    }

    @Test
    void explanationRowsAreConvertedAndCarryTheDealsOwnAmount() {
        ForecastRequest request = new ForecastRequest(Q1, AS_OF, Grouping.ALL, Method.BASELINE, null);
        DealHistories deals = deals();
        Explanation e = engine.explain(request, "all", engine.learn(deals, AS_OF), engine.states(deals, AS_OF));
        assertThat(e.currency()).isEqualTo("USD");
        assertThat(e.deals()).extracting(DealTerm::opportunityId).doesNotContain("W-CHF", "O-CHF")
                .contains("W-EUR-1", "W-GBP", "O-EUR", "O-GBP");
        DealTerm openEur = e.deals().stream().filter(d -> d.opportunityId().equals("O-EUR")).findFirst().orElseThrow();
        assertThat(openEur.amount()).isEqualByComparingTo("24000");
        assertThat(openEur.expected()).isEqualByComparingTo("14400");
        assertThat(openEur.dealAmount()).isEqualByComparingTo("20000");
        assertThat(openEur.dealCurrency()).isEqualTo("EUR");
        DealTerm wonGbp = e.deals().stream().filter(d -> d.opportunityId().equals("W-GBP")).findFirst().orElseThrow();
        assertThat(wonGbp.amount()).isEqualByComparingTo("10000");
        assertThat(wonGbp.dealAmount()).isEqualByComparingTo("8000");
        assertThat(e.warnings()).extracting(UnconvertedAmount::opportunityId).containsExactlyInAnyOrder("W-CHF",
                "O-CHF");
        // the rows add up to the group's figure
        BigDecimal sum = e.deals().stream().map(DealTerm::expected).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(e.forecast().expected());
    }

    @Test
    void theBacktestsActualsConvertAtEachWinsDate() {
        Backtest.Report report = Backtest.run(engine, deals(), Q1, Q1, Grouping.ALL, List.of(Method.BASELINE),
                Facts.at("2026-04-01"), "EUR");
        assertThat(report.currency()).isEqualTo("EUR");
        assertThat(report.rows()).singleElement().satisfies(row ->
                assertThat(row.actual()).isEqualByComparingTo("26590.91"));
        assertThat(report.warnings()).contains(UnconvertedAmount.of("W-CHF", new BigDecimal("4000.00"), "CHF", "EUR",
                LocalDate.parse("2026-01-25")));
        Backtest.Report usd = Backtest.run(engine, deals(), Q1, Q1, Grouping.ALL, List.of(Method.BASELINE),
                Facts.at("2026-04-01"));
        assertThat(usd.currency()).isEqualTo("USD");
        assertThat(usd.rows().get(0).actual()).isEqualByComparingTo("30000");
    }
}
