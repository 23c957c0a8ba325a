package io.pipelineledger.command.rates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.events.money.ExchangeRate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a PUT body may hold, and the field each refusal names. */
class ExchangeRateParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsNumbersAndDecimalStringsAsRatesToTheReportingCurrency() throws Exception {
        List<ExchangeRate> rates = ExchangeRateParser.parse(json("""
                [{"currency":"EUR","validFrom":"2026-01-01","rate":1.08},
                 {"currency":"JPY","validFrom":"2026-02-01","rate":"0.006700"},
                 {"currency":"GBP","validFrom":"1970-01-01","rate":"1E+0"}]"""), "USD");
        assertThat(rates).containsExactly(
                new ExchangeRate("EUR", LocalDate.parse("2026-01-01"), new BigDecimal("1.08"), "USD"),
                new ExchangeRate("JPY", LocalDate.parse("2026-02-01"), new BigDecimal("0.0067"), "USD"),
                new ExchangeRate("GBP", LocalDate.parse("1970-01-01"), new BigDecimal("1"), "USD"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // not a list of rates
            "{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":1.08}|body",
            "[]|rates",
            "[1]|rates[0]",
            // currency
            "[{\"currency\":\"EUX\",\"validFrom\":\"2026-01-01\",\"rate\":1}]|rates[0].currency",
            "[{\"currency\":\"eur\",\"validFrom\":\"2026-01-01\",\"rate\":1}]|rates[0].currency",
            "[{\"currency\":\"USD\",\"validFrom\":\"2026-01-01\",\"rate\":1}]|rates[0].currency",
            "[{\"validFrom\":\"2026-01-01\",\"rate\":1}]|rates[0].currency",
            // date
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-02-30\",\"rate\":1}]|rates[0].validFrom",
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01T00:00:00Z\",\"rate\":1}]|rates[0].validFrom",
            "[{\"currency\":\"EUR\",\"validFrom\":\"1969-12-31\",\"rate\":1}]|rates[0].validFrom",
            "[{\"currency\":\"EUR\",\"validFrom\":\"+10000-01-01\",\"rate\":1}]|rates[0].validFrom",
            "[{\"currency\":\"EUR\",\"rate\":1}]|rates[0].validFrom",
            // rate
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":0}]|rates[0].rate",
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":-1.08}]|rates[0].rate",
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":\"abc\"}]|rates[0].rate",
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":\"NaN\"}]|rates[0].rate",
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":true}]|rates[0].rate",
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":\"1e-999999999\"}]|rates[0].rate",
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":\"1e999999999\"}]|rates[0].rate",
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":\"1.00000000000000000000000000000000000000001\"}]|rates[0].rate",
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\"}]|rates[0].rate",
            // unknown fields, also in a later entry
            "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":1},{\"currency\":\"GBP\",\"validFrom\":\"2026-01-01\",\"rate\":1,\"quote\":\"USD\"}]|rates[1].quote",
    })
    void refusesNamingTheField(String body, String field) {
        assertThatThrownBy(() -> ExchangeRateParser.parse(json(body), "USD"))
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field);
                });
    }

    @Test
    void atMostTenThousandEntries() throws Exception {
        String entry = "{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":1.08}";
        String body = "[" + String.join(",", java.util.Collections.nCopies(10_001, entry)) + "]";
        assertThatThrownBy(() -> ExchangeRateParser.parse(json(body), "USD"))
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo("rates");
                    assertThat(e.getMessage()).contains("10000").contains("10001");
                });
        String allowed = "[" + String.join(",", java.util.Collections.nCopies(10_000, entry)) + "]";
        assertThat(ExchangeRateParser.parse(json(allowed), "USD")).hasSize(10_000);
    }

    @Test
    void theReportingCurrencyDecidesWhichCodeIsRefusedAndTheQuote() throws Exception {
        List<ExchangeRate> rates = ExchangeRateParser.parse(json(
                "[{\"currency\":\"USD\",\"validFrom\":\"2026-01-01\",\"rate\":0.92}]"), "EUR");
        assertThat(rates.get(0).quoteCurrency()).isEqualTo("EUR");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
