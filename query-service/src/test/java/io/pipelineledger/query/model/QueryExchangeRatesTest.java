package io.pipelineledger.query.model;

import io.pipelineledger.events.money.ExchangeRateSetEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Corrections count by their number, whatever order they arrive in (a topic may bring an older copy later). */
class QueryExchangeRatesTest {

    static final LocalDate JAN = LocalDate.of(2026, 1, 1);

    @Test
    void theHighestCorrectionOfADateCountsInAnyArrivalOrder() {
        QueryExchangeRates rates = new QueryExchangeRates("USD");
        assertThat(rates.record(set(1, "1.08"))).isNotNull();
        assertThat(rates.record(set(2, "1.10"))).isNotNull();
        assertThat(rates.record(set(1, "1.08"))).as("an older copy, again").isNull();
        assertThat(rates.record(set(2, "1.10"))).as("the same, again").isNull();
        assertThat(rates.rates().factor("EUR", "USD", JAN.plusDays(3))).contains(new BigDecimal("1.10"));
        assertThat(rates.size()).isEqualTo(1);

        QueryExchangeRates reversed = new QueryExchangeRates("USD");
        reversed.record(set(2, "1.10"));
        reversed.record(set(1, "1.08"));
        assertThat(reversed.rates().factor("EUR", "USD", JAN)).contains(new BigDecimal("1.10"));
        assertThat(reversed.all()).containsExactly(new QueryExchangeRates.Kept(set(2, "1.10").toRate(), 2));

        reversed.clear();
        assertThat(reversed.rates().factor("EUR", "USD", JAN)).isEmpty();
    }

    @Test
    void theCorrectionNumberIsTheLastPartOfTheEventId() {
        assertThat(QueryExchangeRates.correctionOf("rate:EUR:2026-01-01:12")).isEqualTo(12);
        assertThat(QueryExchangeRates.correctionOf("something-else")).isZero();
        assertThat(QueryExchangeRates.correctionOf(null)).isZero();
    }

    private static ExchangeRateSetEvent set(int n, String rate) {
        return new ExchangeRateSetEvent("rate:EUR:2026-01-01:" + n, ExchangeRateSetEvent.TABLE_ID,
                Instant.parse("2026-01-01T00:00:00Z"), "EUR", JAN, new BigDecimal(rate), "USD", null, null);
    }
}
