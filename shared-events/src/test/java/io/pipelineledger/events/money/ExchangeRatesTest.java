package io.pipelineledger.events.money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeRatesTest {

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    private static ExchangeRate rate(String currency, String from, String rate, String quote) {
        return new ExchangeRate(currency, d(from), new BigDecimal(rate), quote);
    }

    @Test
    void aRateIsInForceFromItsDateUntilTheNextOne() {
        ExchangeRates rates = new ExchangeRates();
        rates.record(rate("EUR", "2026-01-01", "1.10", "USD"));
        rates.record(rate("EUR", "2026-04-01", "1.20", "USD"));

        assertThat(rates.factor("EUR", "USD", d("2025-12-31"))).isEmpty();
        assertThat(rates.factor("EUR", "USD", d("2026-01-01"))).contains(new BigDecimal("1.10"));
        assertThat(rates.factor("EUR", "USD", d("2026-03-31"))).contains(new BigDecimal("1.10"));
        assertThat(rates.factor("EUR", "USD", d("2026-04-01"))).contains(new BigDecimal("1.20"));
        assertThat(rates.convert(new BigDecimal("1000"), "EUR", "USD", d("2026-05-01")).orElseThrow())
                .isEqualByComparingTo("1200");
        assertThat(rates.inForce(d("2026-02-01"))).containsExactly(rate("EUR", "2026-01-01", "1.10", "USD"));
    }

    @Test
    void crossRatesGoThroughTheQuoteCurrencyAndTheReverseDivides() {
        ExchangeRates rates = new ExchangeRates();
        rates.record(rate("EUR", "2026-01-01", "1.25", "USD"));
        rates.record(rate("GBP", "2026-01-01", "1.50", "USD"));

        assertThat(rates.convert(new BigDecimal("100"), "USD", "EUR", d("2026-02-01")).orElseThrow())
                .isEqualByComparingTo("80");
        assertThat(rates.convert(new BigDecimal("100"), "GBP", "EUR", d("2026-02-01")).orElseThrow())
                .isEqualByComparingTo("120");
        assertThat(rates.factor("JPY", "USD", d("2026-02-01"))).isEmpty();
        assertThat(rates.factor("JPY", "JPY", d("1970-01-01"))).contains(BigDecimal.ONE);
        assertThat(rates.factorOrNaN("JPY", "EUR", d("2026-02-01"))).isNaN();
    }

    @Test
    void aCorrectionReplacesTheRateForThatDateAndCountsAsAChange() {
        ExchangeRates rates = new ExchangeRates();
        rates.record(rate("EUR", "2026-01-01", "1.10", "USD"));
        long before = rates.version();
        rates.record(rate("EUR", "2026-01-01", "1.11", "USD"));

        assertThat(rates.version()).isGreaterThan(before);
        assertThat(rates.all()).containsExactly(rate("EUR", "2026-01-01", "1.11", "USD"));
    }

    @Test
    void factsConvertAtTheirUtcDate() {
        assertThat(ExchangeRates.dateOf(Instant.parse("2026-03-31T23:59:59Z"))).isEqualTo(d("2026-03-31"));
        assertThat(ExchangeRates.dateOf(Instant.parse("2026-04-01T00:00:00Z"))).isEqualTo(d("2026-04-01"));
    }
}
