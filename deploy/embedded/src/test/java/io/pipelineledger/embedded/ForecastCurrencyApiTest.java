package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finance API in three currencies through the one-process app (H2 files): deals in USD (reporting), EUR and GBP
 * posted as a CRM does, rates stored as ExchangeRateSetEvents in the one event store (the forecast reads them like
 * every fact), a CHF deal without a rate. Forecast JSON and CSV, explain, backtest and a submission, in USD and with
 * {@code currency=EUR}, against sums worked out here with the rate in force at each win's date and at as-of.
 */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.forecast.simulations=200")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForecastCurrencyApiTest {

    private static final String AS_OF = "2026-09-01";
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal EUR_JULY = new BigDecimal("1.10");   // USD per EUR from 2026-01-01
    private static final BigDecimal EUR_AUGUST = new BigDecimal("1.20"); // from 2026-08-15
    private static final BigDecimal GBP = new BigDecimal("1.25");        // from 2026-01-01

    @Autowired
    WebTestClient web;
    @Autowired
    EventStore eventStore;
    LedgerClient ledger;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-h2-currency").toString();
        registry.add("ledger.data-dir", () -> data);
    }

    @BeforeAll
    void deals() {
        web = web.mutate().responseTimeout(Duration.ofMinutes(2)).build();
        ledger = new LedgerClient(web);
        String events = "[" + String.join(",",
                opened("A", "2026-07-01", "EUR", 10_000, "closing", "2026-07-31"), won("A", "2026-07-20"),
                opened("B", "2026-07-02", "GBP", 8_000, "closing", "2026-08-31"), won("B", "2026-08-10"),
                opened("C", "2026-07-03", "USD", 5_000, "closing", "2026-08-31"), won("C", "2026-08-15"),
                opened("D", "2026-07-04", "CHF", 4_000, "closing", "2026-08-31"), won("D", "2026-08-20"),
                opened("E", "2026-07-05", "EUR", 20_000, "discussion", "2026-09-20"),
                opened("F", "2026-07-06", "CHF", 3_000, "closing", "2026-09-25")) + "]";
        JsonNode answer = LedgerClient.json(ledger.web().post().uri("/api/v1/events")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(events).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(answer.get("accepted").asInt()).isEqualTo(10);
        rate(0, "EUR", "2026-01-01", EUR_JULY);
        rate(1, "GBP", "2026-01-01", GBP);
        rate(2, "EUR", "2026-08-15", EUR_AUGUST);
        // the forecast's read model has every fact and rate: 10 facts, E at the August rate, only D and F left out
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            var result = ledger.web().get().uri(forecastUri("")).exchange().expectBody(String.class).returnResult();
            if (result.getStatus().value() == 200) {
                JsonNode f = LedgerClient.json(result.getResponseBody());
                if (f.path("provenance").path("facts").asInt() == 10 && f.path("warnings").size() == 2
                        && new BigDecimal("24000").compareTo(f.path("groups").path(0).path("pipeline")
                        .decimalValue()) == 0) {
                    break;
                }
            }
            assertThat(Instant.now()).as("forecast read model caught up").isBefore(deadline);
            sleep(100);
        }
    }

    @Test
    void theForecastIsInTheReportingCurrencyWithDealsWithoutARateListed() {
        JsonNode f = ledger.get(forecastUri(""));
        assertThat(f.get("currency").asText()).isEqualTo("USD");
        JsonNode all = f.get("groups").get(0);
        // 10,000 EUR x 1.10 (Jul 20) + 8,000 GBP x 1.25 + 5,000 USD; D (CHF) left out
        assertThat(all.get("closedWon").decimalValue()).isEqualByComparingTo("26000");
        // E at as-of: 20,000 EUR x 1.20, weighted 0.6 by the baseline; F (CHF) left out
        assertThat(all.get("pipeline").decimalValue()).isEqualByComparingTo("24000");
        assertThat(all.get("fromOpenDeals").decimalValue()).isEqualByComparingTo("14400");
        assertThat(all.get("openDeals").asInt()).isEqualTo(1);
        assertThat(ids(f.get("warnings"))).containsExactlyInAnyOrder("D", "F");
        for (JsonNode w : f.get("warnings")) {
            assertThat(w.get("currency").asText()).isEqualTo("CHF");
            assertThat(w.get("message").asText()).contains("CHF to USD");
        }
        JsonNode d = byId(f.get("warnings"), "D");
        assertThat(d.get("value").decimalValue()).isEqualByComparingTo("4000");
        assertThat(d.get("on").asText()).isEqualTo("2026-08-20");
        assertThat(byId(f.get("warnings"), "F").get("on").asText()).isEqualTo(AS_OF);
    }

    @Test
    void currencyEurConvertsEveryFigureAtTheSameDates() {
        JsonNode f = ledger.get(forecastUri("&currency=EUR"));
        assertThat(f.get("currency").asText()).isEqualTo("EUR");
        JsonNode all = f.get("groups").get(0);
        assertThat(all.get("closedWon").decimalValue()).isEqualByComparingTo(closedWonInEur());
        // E is in EUR already
        assertThat(all.get("pipeline").decimalValue()).isEqualByComparingTo("20000");
        assertThat(ids(f.get("warnings"))).containsExactlyInAnyOrder("D", "F");
        // the learned method agrees on what is already won
        JsonNode learned = ledger.get("/api/v1/forecast?period=2026-Q3&asOf=" + AS_OF + "&currency=EUR");
        assertThat(learned.get("groups").get(0).get("closedWon").decimalValue())
                .isEqualByComparingTo(closedWonInEur());

        for (String bad : List.of("eur", "EURO", "XYZ", "12")) {
            assertThat(ledger.problem(forecastUri("&currency=" + bad), 400).get("field").asText()).as(bad)
                    .isEqualTo("currency");
        }
        assertThat(ledger.problem("/api/v1/forecast/explain?period=2026-Q3&currency=XYZ", 400).get("field")
                .asText()).isEqualTo("currency");
        assertThat(ledger.problem("/api/v1/forecast/backtest?from=2026-Q3&to=2026-Q3&currency=XYZ", 400)
                .get("field").asText()).isEqualTo("currency");
    }

    @Test
    void csvNamesTheCurrencyOnEveryLineAndCountsTheWarnings() {
        var result = ledger.web().get().uri(forecastUri("&currency=EUR")).accept(new MediaType("text", "csv"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        assertThat(result.getResponseHeaders().getFirst("X-Ledger-Warnings")).isEqualTo("2");
        String[] lines = result.getResponseBody().split("\r\n");
        assertThat(lines[0]).endsWith(",eventsUpTo,currency");
        assertThat(lines).hasSize(2);
        String[] cells = lines[1].split(",");
        assertThat(cells[cells.length - 1]).isEqualTo("EUR");
        assertThat(new BigDecimal(cells[5])).isEqualByComparingTo(closedWonInEur());
    }

    @Test
    void explainRowsAreConvertedAndCarryTheDealsOwnAmount() {
        JsonNode e = ledger.get("/api/v1/forecast/explain?period=2026-Q3&method=baseline&asOf=" + AS_OF);
        assertThat(e.get("currency").asText()).isEqualTo("USD");
        assertThat(ids(e.get("warnings"))).containsExactlyInAnyOrder("D", "F");
        JsonNode deal = byId(e.get("deals"), "E");
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("24000");
        assertThat(deal.get("dealAmount").decimalValue()).isEqualByComparingTo("20000");
        assertThat(deal.get("dealCurrency").asText()).isEqualTo("EUR");
        assertThat(byId(e.get("deals"), "B").get("amount").decimalValue()).isEqualByComparingTo("10000");
        assertThat(ids(e.get("deals"))).doesNotContain("D", "F");
    }

    @Test
    void theBacktestScoresAgainstWinsConvertedAtTheirDate() {
        JsonNode report = ledger.get("/api/v1/forecast/backtest?from=2026-Q3&to=2026-Q3&currency=EUR");
        assertThat(report.get("currency").asText()).isEqualTo("EUR");
        assertThat(report.get("rows")).hasSize(2);
        for (JsonNode row : report.get("rows")) {
            assertThat(row.get("actual").decimalValue()).isEqualByComparingTo(closedWonInEur());
        }
        assertThat(ids(report.get("warnings"))).contains("D");
    }

    @Test
    void aSubmissionRecordsTheCurrencyOfItsNumbers() {
        String id = "fx-" + System.nanoTime();
        JsonNode answer = submit(Map.of("submissionId", id, "period", "2026-Q3", "asOf", AS_OF, "method", "baseline",
                "submittedBy", "cfo@example.com", "currency", "EUR"), 201);
        assertThat(answer.get("submission").get("currency").asText()).isEqualTo("EUR");
        assertThat(answer.get("submission").get("closedWon").decimalValue()).isEqualByComparingTo(closedWonInEur());
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode listed = null;
        while (listed == null) {
            for (JsonNode s : ledger.get("/api/v1/forecast/submissions?period=2026-Q3")) {
                listed = s.get("submissionId").asText().equals(id) ? s : listed;
            }
            assertThat(Instant.now()).isBefore(deadline);
            sleep(50);
        }
        assertThat(listed.get("currency").asText()).isEqualTo("EUR");
        // without a currency: the reporting one
        JsonNode usd = submit(Map.of("period", "2026-Q3", "asOf", AS_OF, "method", "baseline",
                "submittedBy", "cfo@example.com"), 201);
        assertThat(usd.get("submission").get("currency").asText()).isEqualTo("USD");
        assertThat(usd.get("submission").get("closedWon").decimalValue()).isEqualByComparingTo("26000");
        assertThat(submit(Map.of("period", "2026-Q3", "submittedBy", "cfo", "currency", "EURO"), 400)
                .get("field").asText()).isEqualTo("currency");
        assertThat(submit(Map.of("period", "2026-Q3", "submittedBy", "cfo", "currency", " "), 400)
                .get("field").asText()).isEqualTo("currency");
    }

    /** 10,000 EUR + 8,000 GBP x 1.25 / 1.10 (Aug 10) + 5,000 USD / 1.20 (Aug 15), to the cent. */
    private static BigDecimal closedWonInEur() {
        return new BigDecimal("10000").add(new BigDecimal("8000").multiply(GBP).divide(EUR_JULY, MC))
                .add(new BigDecimal("5000").divide(EUR_AUGUST, MC)).setScale(2, RoundingMode.HALF_UP);
    }

    private static String forecastUri(String more) {
        return "/api/v1/forecast?period=2026-Q3&method=baseline&asOf=" + AS_OF + more;
    }

    private void rate(long sequence, String currency, String from, BigDecimal rate) {
        ExchangeRateSetEvent event = new ExchangeRateSetEvent("rate:" + currency + ":" + from + ":0",
                ExchangeRateSetEvent.TABLE_ID, Instant.parse("2026-09-01T00:00:00Z"), currency,
                LocalDate.parse(from), rate, "USD", null, null);
        eventStore.publish(new GenericDomainEventMessage<>("ExchangeRates", ExchangeRateSetEvent.TABLE_ID, sequence,
                event));
    }

    private static String opened(String id, String day, String currency, long amount, String stage, String close) {
        return "{\"eventId\":\"open-" + id + "\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"" + id
                + "\",\"occurredAt\":\"" + day + "T10:00:00Z\",\"repId\":\"rep-1\",\"teamId\":\"team-1\","
                + "\"regionId\":\"emea\",\"stage\":\"" + stage + "\",\"amount\":" + amount + ",\"currency\":\""
                + currency + "\",\"expectedCloseDate\":\"" + close + "\"}";
    }

    private static String won(String id, String day) {
        return "{\"eventId\":\"won-" + id + "\",\"type\":\"OpportunityWon\",\"opportunityId\":\"" + id
                + "\",\"occurredAt\":\"" + day + "T10:00:00Z\"}";
    }

    private JsonNode submit(Map<String, Object> body, int status) {
        return LedgerClient.json(ledger.web().post().uri("/api/v1/forecast/submissions")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isEqualTo(status)
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path("opportunityId").asText()));
        return ids;
    }

    private static JsonNode byId(JsonNode array, String id) {
        for (JsonNode n : array) {
            if (n.path("opportunityId").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
