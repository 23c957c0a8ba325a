package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUT and GET /api/v1/exchange-rates against each event store (H2 files, PostgreSQL) by the subclasses. The
 * reporting currency is USD (the default). Each test uses its own currencies, so the order of tests does not matter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ExchangeRatesContractTest {

    @Autowired
    WebTestClient web;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;

    @BeforeEach
    void patientClient() {
        // the machine is shared and slow: no timed assertions, so no 5 s answer deadline either
        web = web.mutate().responseTimeout(Duration.ofMinutes(5)).build();
    }

    @Test
    void roundTripWithActorsAndTheRateInForceOnADate() {
        JsonNode answer = put("""
                [{"currency":"EUR","validFrom":"2026-01-01","rate":1.08},
                 {"currency":"EUR","validFrom":"2026-04-01","rate":"1.0725"},
                 {"currency":"GBP","validFrom":"2026-02-01","rate":1.27}]""", "treasury@example.com");
        assertThat(answer.path("reportingCurrency").asText()).isEqualTo("USD");
        assertThat(answer.path("recorded")).hasSize(3);
        assertThat(answer.path("unchanged").asInt()).isZero();

        JsonNode eur = rateOf(get("/api/v1/exchange-rates"), "EUR", "2026-04-01");
        assertThat(eur.path("rate").decimalValue()).isEqualByComparingTo("1.0725");
        assertThat(eur.path("quoteCurrency").asText()).isEqualTo("USD");
        assertThat(eur.path("eventId").asText()).isEqualTo("rate:EUR:2026-04-01:1");
        assertThat(eur.path("setBy").asText()).startsWith("apiKey:");
        assertThat(eur.path("actor").path("type").asText()).isEqualTo("apiKey");
        assertThat(eur.path("onBehalfOf").asText()).isEqualTo("treasury@example.com");
        assertThat(eur.path("recordedAt").asText()).isNotBlank();

        // in force: the latest validFrom at or before the date, none before a currency's first rate
        assertThat(inForce("2026-03-31", "EUR")).isEqualByComparingTo("1.08");
        assertThat(inForce("2026-04-01", "EUR")).isEqualByComparingTo("1.0725");
        assertThat(inForce("2026-04-01T23:59:59Z", "EUR")).isEqualByComparingTo("1.0725");
        // an instant is read at its UTC date
        assertThat(inForce("2026-03-31T23:30:00-02:00", "EUR")).isEqualByComparingTo("1.0725");
        assertThat(inForce("2026-01-31", "GBP")).isNull();
        assertThat(inForce("2026-02-01", "GBP")).isEqualByComparingTo("1.27");
        assertThat(get("/api/v1/exchange-rates?asOf=2026-03-31").path("asOf").asText()).isEqualTo("2026-03-31");
    }

    @Test
    void theSamePutAgainRecordsNothing() {
        String body = """
                [{"currency":"JPY","validFrom":"2026-01-01","rate":0.0067},
                 {"currency":"JPY","validFrom":"2026-01-01","rate":"0.00670"}]""";
        assertThat(put(body, null).path("recorded")).hasSize(1);
        long stored = storedRates();
        JsonNode again = put(body, null);
        assertThat(again.path("recorded")).isEmpty();
        assertThat(again.path("unchanged").asInt()).isEqualTo(1);
        assertThat(storedRates()).isEqualTo(stored);
    }

    @Test
    void aDifferentRateForTheSameDateCorrectsItAndTheFirstStaysInTheStore() {
        put("[{\"currency\":\"CHF\",\"validFrom\":\"2026-01-01\",\"rate\":1.10}]", null);
        JsonNode corrected = put("[{\"currency\":\"CHF\",\"validFrom\":\"2026-01-01\",\"rate\":1.13}]", null);
        assertThat(corrected.path("recorded")).hasSize(1);
        JsonNode chf = rateOf(get("/api/v1/exchange-rates"), "CHF", "2026-01-01");
        assertThat(chf.path("rate").decimalValue()).isEqualByComparingTo("1.13");
        assertThat(chf.path("eventId").asText()).isEqualTo("rate:CHF:2026-01-01:2");
        assertThat(countOf(get("/api/v1/exchange-rates"), "CHF")).isEqualTo(1);
        assertThat(eventStore.readEvents(ExchangeRateSetEvent.TABLE_ID).asStream()
                .map(m -> (ExchangeRateSetEvent) m.getPayload()).filter(e -> e.currency().equals("CHF"))
                .map(e -> e.eventId() + "=" + e.rate().toPlainString()))
                .containsExactly("rate:CHF:2026-01-01:1=1.1", "rate:CHF:2026-01-01:2=1.13");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "[{\"currency\":\"EUX\",\"validFrom\":\"2026-01-01\",\"rate\":1}]|rates[0].currency",
            "[{\"currency\":\"SEK\",\"validFrom\":\"2026-01-01\",\"rate\":0.09},{\"currency\":\"USD\",\"validFrom\":\"2026-01-01\",\"rate\":1}]|rates[1].currency",
            "[{\"currency\":\"SEK\",\"validFrom\":\"2026-01-01\",\"rate\":0}]|rates[0].rate",
            "[{\"currency\":\"SEK\",\"validFrom\":\"2026-01-01\",\"rate\":\"ten\"}]|rates[0].rate",
            "[{\"currency\":\"SEK\",\"validFrom\":\"2026-13-01\",\"rate\":1}]|rates[0].validFrom",
            "[{\"currency\":\"SEK\",\"validFrom\":\"1969-12-31\",\"rate\":1}]|rates[0].validFrom",
            "[{\"currency\":\"SEK\",\"validFrom\":\"2026-01-01\",\"rate\":1,\"Rate\":2}]|rates[0].Rate",
            "[{\"currency\":\"SEK\",\"validFrom\":\"2026-01-01\",\"rate\":0.09},{\"currency\":\"NOK\",\"validFrom\":\"2026-01-01\",\"rate\":0.09},{\"currency\":\"SEK\",\"validFrom\":\"2026-01-01\",\"rate\":0.1}]|rates[2].rate",
            "[]|rates",
            "{\"rates\":[]}|body",
            "[{\"currency\":\"SEK\",\"validFrom\":\"2026-01-01\",\"rate\":0.09}|body",
    })
    void badInputIsA400NamingTheFieldAndRecordsNothing(String body, String field) {
        long before = storedRates();
        JsonNode problem = problem(web.put().uri("/api/v1/exchange-rates").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange(), 400);
        assertThat(problem.path("field").asText()).isEqualTo(field);
        assertThat(problem.path("detail").asText()).isNotBlank();
        // all or nothing: the good entries before the bad one were not recorded either
        assertThat(storedRates()).isEqualTo(before);
        assertThat(countOf(get("/api/v1/exchange-rates"), "SEK")).isZero();
    }

    @Test
    void moreThanTenThousandEntriesAreRefusedTenThousandAreRecorded() {
        List<String> entries = new ArrayList<>();
        for (int day = 0; day < 10_001; day++) {
            entries.add("{\"currency\":\"AUD\",\"validFrom\":\"" + java.time.LocalDate.of(2000, 1, 1).plusDays(day)
                    + "\",\"rate\":0." + (600 + day % 100) + "}");
        }
        long before = storedRates();
        JsonNode problem = problem(web.put().uri("/api/v1/exchange-rates").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + String.join(",", entries) + "]").exchange(), 400);
        assertThat(problem.path("field").asText()).isEqualTo("rates");
        assertThat(storedRates()).isEqualTo(before);

        long started = System.nanoTime();
        JsonNode answer = web.put()
                .uri("/api/v1/exchange-rates").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + String.join(",", entries.subList(0, 10_000)) + "]").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        System.out.printf("PUT of 10,000 rates: %.2f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(answer.path("recorded")).hasSize(10_000);
        assertThat(storedRates()).isEqualTo(before + 10_000);
        // day 9,999 after 2000-01-01 is 2027-05-18: its rate is 0.6 + 99/1000
        assertThat(inForce("2030-01-01", "AUD")).isEqualByComparingTo(new BigDecimal("0.699"));
        assertThat(inForce("2000-01-02", "AUD")).isEqualByComparingTo(new BigDecimal("0.601"));
    }

    @Test
    void badAsOfAndHeadersAre400sNamingThem() {
        assertThat(problem(web.get().uri("/api/v1/exchange-rates?asOf=yesterday").exchange(), 400)
                .path("field").asText()).isEqualTo("asOf");
        assertThat(problem(web.get().uri("/api/v1/exchange-rates?asOf=1969-12-31T00:00:00Z").exchange(), 400)
                .path("field").asText()).isEqualTo("asOf");
        assertThat(problem(web.put().uri("/api/v1/exchange-rates").contentType(MediaType.APPLICATION_JSON)
                .header("X-Ledger-Actor", "x".repeat(201))
                .bodyValue("[{\"currency\":\"CAD\",\"validFrom\":\"2026-01-01\",\"rate\":0.73}]").exchange(), 400)
                .path("field").asText()).isEqualTo("X-Ledger-Actor");
        assertThat(countOf(get("/api/v1/exchange-rates"), "CAD")).isZero();
    }

    // --- helpers

    JsonNode put(String body, String onBehalfOf) {
        WebTestClient.RequestBodySpec request = web.put().uri("/api/v1/exchange-rates")
                .contentType(MediaType.APPLICATION_JSON);
        if (onBehalfOf != null) {
            request = request.header("X-Ledger-Actor", onBehalfOf);
        }
        return request.bodyValue(body).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    JsonNode get(String uri) {
        return web.get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    BigDecimal inForce(String asOf, String currency) {
        JsonNode answer = get("/api/v1/exchange-rates?asOf=" + asOf.replace("+", "%2B"));
        BigDecimal found = null;
        for (JsonNode rate : answer.path("rates")) {
            if (rate.path("currency").asText().equals(currency)) {
                assertThat(found).as("one %s rate in force on %s", currency, asOf).isNull();
                found = rate.path("rate").decimalValue();
            }
        }
        return found;
    }

    static JsonNode rateOf(JsonNode answer, String currency, String validFrom) {
        for (JsonNode rate : answer.path("rates")) {
            if (rate.path("currency").asText().equals(currency) && rate.path("validFrom").asText().equals(validFrom)) {
                return rate;
            }
        }
        throw new AssertionError("no " + currency + " rate from " + validFrom + " in " + answer);
    }

    static int countOf(JsonNode answer, String currency) {
        int count = 0;
        for (JsonNode rate : answer.path("rates")) {
            count += rate.path("currency").asText().equals(currency) ? 1 : 0;
        }
        return count;
    }

    long storedRates() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = "
                + "'exchange-rates'", Long.class);
    }

    static JsonNode problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
