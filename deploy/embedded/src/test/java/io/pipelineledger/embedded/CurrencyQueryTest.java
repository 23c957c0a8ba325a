package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Amounts in four currencies through the one-process app over HTTP, on H2 files: deals posted by the CRM in USD,
 * EUR, GBP and JPY, rates recorded as {@link ExchangeRateSetEvent}s in the event store (EUR and GBP changing
 * mid-history, GBP none before February, JPY none, a EUR correction), answers checked against a by-hand computation
 * here (each deal at its date's rate); CSV agrees with JSON; {@code currency=EUR} answers; the live stream names its
 * currency; and a restart (the processor goes on from its token, so the rates come from the durable read model)
 * answers the same.
 */
class CurrencyQueryTest {

    /** The test's own rates, USD per unit, by first day (the EUR one of March is a correction of 1.3 to 1.25). */
    static final Map<String, TreeMap<LocalDate, BigDecimal>> RATES = Map.of(
            "USD", new TreeMap<>(Map.of(LocalDate.MIN, BigDecimal.ONE)),
            "EUR", new TreeMap<>(Map.of(LocalDate.of(2026, 1, 1), new BigDecimal("1.25"),
                    LocalDate.of(2026, 4, 1), new BigDecimal("1.5"))),
            "GBP", new TreeMap<>(Map.of(LocalDate.of(2026, 2, 1), new BigDecimal("1.5"),
                    LocalDate.of(2026, 5, 1), new BigDecimal("1.875"))),
            "JPY", new TreeMap<>());

    /** A deal as the test sees it: amount (and revision), and its win. */
    record Deal(String id, String currency, String team, String opened, String amount, String revisedAt,
                String revised, String wonAt, String wonAmount) {
    }

    static final List<Deal> DEALS = List.of(
            new Deal("CUR-U1", "USD", "team-a", "2026-01-05", "1000", null, null, null, null),
            new Deal("CUR-E1", "EUR", "team-a", "2026-01-10", "2000", "2026-05-10", "3000", null, null),
            new Deal("CUR-E2", "EUR", "team-b", "2026-01-12", "4000", null, null, "2026-03-02", "4400"),
            new Deal("CUR-G1", "GBP", "team-b", "2026-01-20", "5000", null, null, null, null),
            new Deal("CUR-G2", "GBP", "team-a", "2026-01-03", "800", null, null, "2026-01-21", null),
            new Deal("CUR-G3", "GBP", "team-b", "2026-02-10", "2000", null, null, "2026-06-01", "2100"),
            new Deal("CUR-J1", "JPY", "team-a", "2026-01-15", "1000000", null, null, null, null));
    static final List<String> AS_OF = List.of("2026-03-15", "2026-07-01");

    private final String data;

    CurrencyQueryTest() throws IOException {
        data = Files.createTempDirectory("ledger-h2-currency").toString();
    }

    @Test
    void amountsConvertAtTheirDatesNameTheirCurrencyAndSurviveARestart() throws Exception {
        Map<String, String> before = new TreeMap<>();
        try (ConfigurableApplicationContext app = start()) {
            LedgerClient ledger = client(app);
            post(ledger);
            setRates(app.getBean(EventStore.class));
            ledger.awaitProjections();

            for (String asOf : AS_OF) {
                for (String currency : List.of("USD", "EUR")) {
                    String uri = "/api/v1/pipeline?groupBy=team&asOf=" + asOf + "&currency=" + currency;
                    JsonNode pipeline = ledger.get(uri);
                    assertThat(pipeline.get("currency").asText()).isEqualTo(currency);
                    assertThat(totals(pipeline)).as(uri).isEqualTo(expectedPipeline(asOf, currency));
                    assertThat(ids(pipeline.get("warnings"))).as(uri + " warnings")
                            .isEqualTo(expectedPipelineWarnings(asOf, currency));
                    assertThat(csvTotals(ledger, uri)).as("CSV of " + uri).isEqualTo(totals(pipeline));
                    before.put(uri, ledger.get(uri).toString());
                }
            }
            // no currency: the reporting one, USD
            assertThat(ledger.get("/api/v1/pipeline?asOf=2026-07-01").get("currency").asText()).isEqualTo("USD");

            for (String currency : List.of("USD", "EUR", "GBP")) {
                String uri = "/api/v1/winrates?groupBy=team&asOf=2026-07-01&currency=" + currency;
                JsonNode winRates = ledger.get(uri);
                Map<String, BigDecimal> won = new TreeMap<>();
                winRates.get("groups").forEach(g -> won.put(g.get("group").asText(), g.get("wonAmount").decimalValue()));
                assertThat(normalized(won)).as(uri).isEqualTo(normalized(expectedWon(currency)));
                assertThat(ids(winRates.get("warnings"))).as(uri + " warnings")
                        .isEqualTo(expectedWonWarnings(currency));
                String[] lines = csv(ledger, uri).split("\r\n");
                assertThat(lines[0]).isEqualTo("asOf,groupBy,group,won,lost,winRate,wonAmount,currency");
                assertThat(lines).hasSize(winRates.get("groups").size() + 1);
                for (int i = 1; i < lines.length; i++) {
                    String[] cells = lines[i].split(",", -1);
                    JsonNode g = winRates.get("groups").get(i - 1);
                    assertThat(cells[2]).isEqualTo(g.get("group").asText());
                    assertThat(Long.parseLong(cells[3])).isEqualTo(g.get("won").asLong());
                    assertThat(Long.parseLong(cells[4])).isEqualTo(g.get("lost").asLong());
                    assertThat(Double.parseDouble(cells[5])).isEqualTo(g.get("winRate").asDouble());
                    assertThat(new BigDecimal(cells[6])).isEqualByComparingTo(g.get("wonAmount").decimalValue());
                    assertThat(cells[7]).isEqualTo(currency);
                }
                before.put(uri, winRates.toString());
            }
            // the GBP win of January had no GBP rate yet: left out, listed with its date and amount
            JsonNode january = ledger.get("/api/v1/winrates?asOf=2026-07-01").get("warnings").get(0);
            assertThat(january.get("opportunityId").asText()).isEqualTo("CUR-G2");
            assertThat(january.get("on").asText()).isEqualTo("2026-01-21");
            assertThat(january.get("value").decimalValue()).isEqualByComparingTo("800");
            assertThat(january.get("currency").asText()).isEqualTo("GBP");

            JsonNode live = firstStreamEvent(ledger, "/api/v1/stream?groupBy=all&currency=EUR");
            assertThat(live.get("currency").asText()).isEqualTo("EUR");
            assertThat(live.get("pipeline").get("currency").asText()).isEqualTo("EUR");
            assertThat(ids(live.get("warnings"))).contains("CUR-J1");

            assertThat(ledger.problem("/api/v1/pipeline?currency=eur", 400).get("field").asText())
                    .isEqualTo("currency");
            assertThat(ledger.problem("/api/v1/winrates?currency=ABC", 400).get("field").asText())
                    .isEqualTo("currency");
            assertThat(ledger.problem("/api/v1/stream?currency=EURO", 400).get("field").asText())
                    .isEqualTo("currency");
        }

        try (ConfigurableApplicationContext app = start()) {
            LedgerClient ledger = client(app);
            ledger.awaitProjections();
            assertThat(app.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM query_exchange_rate",
                    Long.class)).as("rates kept with the read model").isEqualTo(4);
            for (Map.Entry<String, String> answer : before.entrySet()) {
                assertThat(ledger.get(answer.getKey()).toString()).as("after a restart: " + answer.getKey())
                        .isEqualTo(answer.getValue());
            }
        }
    }

    // ------------------------------------------------------------------ the independent computation

    static BigDecimal convert(String value, String from, String to, LocalDate on) {
        if (from.equals(to)) {
            return new BigDecimal(value);
        }
        Map.Entry<LocalDate, BigDecimal> fromRate = RATES.get(from).floorEntry(on);
        Map.Entry<LocalDate, BigDecimal> toRate = RATES.get(to).floorEntry(on);
        if (fromRate == null || toRate == null) {
            return null;
        }
        return new BigDecimal(value).multiply(fromRate.getValue()).divide(toRate.getValue(), 2,
                RoundingMode.HALF_EVEN);
    }

    static boolean openOn(Deal d, String asOf) {
        return d.opened().compareTo(asOf) < 0 && (d.wonAt() == null || d.wonAt().compareTo(asOf) >= 0);
    }

    static String amountOn(Deal d, String asOf) {
        return d.revisedAt() != null && d.revisedAt().compareTo(asOf) < 0 ? d.revised() : d.amount();
    }

    static Map<String, BigDecimal> expectedPipeline(String asOf, String currency) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (Deal d : DEALS) {
            if (openOn(d, asOf)) {
                BigDecimal value = convert(amountOn(d, asOf), d.currency(), currency, LocalDate.parse(asOf));
                totals.merge(d.team(), value == null ? BigDecimal.ZERO : value, BigDecimal::add);
            }
        }
        return normalized(totals);
    }

    static TreeSet<String> expectedPipelineWarnings(String asOf, String currency) {
        TreeSet<String> ids = new TreeSet<>();
        DEALS.stream().filter(d -> openOn(d, asOf)
                        && convert(amountOn(d, asOf), d.currency(), currency, LocalDate.parse(asOf)) == null)
                .forEach(d -> ids.add(d.id()));
        return ids;
    }

    static Map<String, BigDecimal> expectedWon(String currency) {
        Map<String, BigDecimal> won = new TreeMap<>();
        for (Deal d : DEALS) {
            if (d.wonAt() != null) {
                BigDecimal value = convert(d.wonAmount() != null ? d.wonAmount() : amountOn(d, d.wonAt()),
                        d.currency(), currency, LocalDate.parse(d.wonAt()));
                won.merge(d.team(), value == null ? BigDecimal.ZERO : value, BigDecimal::add);
            }
        }
        return won;
    }

    static TreeSet<String> expectedWonWarnings(String currency) {
        TreeSet<String> ids = new TreeSet<>();
        DEALS.stream().filter(d -> d.wonAt() != null && convert(d.amount(), d.currency(), currency,
                LocalDate.parse(d.wonAt())) == null).forEach(d -> ids.add(d.id()));
        return ids;
    }

    // ------------------------------------------------------------------ the ledger

    private static void post(LedgerClient ledger) {
        List<String> events = new ArrayList<>();
        for (Deal d : DEALS) {
            events.add("{\"eventId\":\"" + d.id() + "-o\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"" + d.id()
                    + "\",\"occurredAt\":\"" + d.opened() + "T12:00:00Z\",\"repId\":\"rep-" + d.team()
                    + "\",\"teamId\":\"" + d.team() + "\",\"regionId\":\"emea\",\"stage\":\"prospecting\","
                    + "\"amount\":" + d.amount() + ",\"currency\":\"" + d.currency() + "\"}");
            if (d.revisedAt() != null) {
                events.add("{\"eventId\":\"" + d.id() + "-r\",\"type\":\"AmountRevised\",\"opportunityId\":\""
                        + d.id() + "\",\"occurredAt\":\"" + d.revisedAt() + "T12:00:00Z\",\"amount\":" + d.revised()
                        + "}");
            }
            if (d.wonAt() != null) {
                events.add("{\"eventId\":\"" + d.id() + "-w\",\"type\":\"OpportunityWon\",\"opportunityId\":\""
                        + d.id() + "\",\"occurredAt\":\"" + d.wonAt() + "T12:00:00Z\""
                        + (d.wonAmount() == null ? "" : ",\"amount\":" + d.wonAmount()) + "}");
            }
        }
        JsonNode answer = LedgerClient.json(ledger.web().post().uri("/api/v1/events")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("[" + String.join(",", events) + "]")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(answer.get("rejected")).as("rejected events").isEmpty();
        assertThat(answer.get("accepted").asInt()).isEqualTo(events.size());
    }

    /** The rates as the command side records them (its endpoint is another helper's): events of one aggregate. */
    private static void setRates(EventStore store) {
        List<Object[]> rates = List.of(
                new Object[]{"EUR", "2026-01-01", "1.3", 1}, new Object[]{"EUR", "2026-01-01", "1.25", 2},
                new Object[]{"EUR", "2026-04-01", "1.5", 1}, new Object[]{"GBP", "2026-02-01", "1.5", 1},
                new Object[]{"GBP", "2026-05-01", "1.875", 1});
        long sequence = 0;
        for (Object[] r : rates) {
            ExchangeRateSetEvent event = new ExchangeRateSetEvent("rate:" + r[0] + ":" + r[1] + ":" + r[3],
                    ExchangeRateSetEvent.TABLE_ID, Instant.parse("2026-12-01T00:00:00Z"), (String) r[0],
                    LocalDate.parse((String) r[1]), new BigDecimal((String) r[2]), "USD", null, null);
            store.publish(new GenericDomainEventMessage<>("ExchangeRates", ExchangeRateSetEvent.TABLE_ID,
                    sequence++, event));
        }
    }

    private static Map<String, BigDecimal> totals(JsonNode pipeline) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (JsonNode g : pipeline.get("groups")) {
            BigDecimal stages = BigDecimal.ZERO;
            for (JsonNode s : g.get("stages")) {
                stages = stages.add(s.get("amount").decimalValue());
            }
            assertThat(g.get("amount").decimalValue()).isEqualByComparingTo(stages);
            totals.put(g.get("group").asText(), g.get("amount").decimalValue());
        }
        return normalized(totals);
    }

    /** The CSV's group totals (the lines with an empty stage), every line in the asked currency. */
    private static Map<String, BigDecimal> csvTotals(LedgerClient ledger, String uri) {
        String csv = csv(ledger, uri);
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("asOf,groupBy,group,stage,count,amount,currency");
        String currency = uri.substring(uri.indexOf("currency=") + 9);
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            assertThat(cells[6]).isEqualTo(currency);
            if (cells[3].isEmpty()) {
                totals.put(cells[2], new BigDecimal(cells[5]));
            }
        }
        return normalized(totals);
    }

    private static String csv(LedgerClient ledger, String uri) {
        return ledger.web().get().uri(uri).accept(new MediaType("text", "csv")).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static Map<String, BigDecimal> normalized(Map<String, BigDecimal> amounts) {
        Map<String, BigDecimal> out = new TreeMap<>();
        amounts.forEach((k, v) -> out.put(k, v.stripTrailingZeros()));
        return out;
    }

    private static TreeSet<String> ids(JsonNode warnings) {
        TreeSet<String> ids = new TreeSet<>();
        warnings.forEach(w -> ids.add(w.get("opportunityId").asText()));
        return ids;
    }

    private static JsonNode firstStreamEvent(LedgerClient ledger, String uri) {
        ServerSentEvent<String> first = ledger.web().get().uri(uri).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk().returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                }).getResponseBody().filter(e -> e.event() != null).blockFirst(Duration.ofMinutes(1));
        assertThat(first).isNotNull();
        return LedgerClient.json(first.data());
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PipelineLedgerApplication.class).run("--server.port=0",
                "--logging.level.root=WARN", "--ledger.data-dir=" + data, "--ledger.forecast.simulations=200");
    }

    private static LedgerClient client(ConfigurableApplicationContext app) {
        int port = ((ReactiveWebServerApplicationContext) app).getWebServer().getPort();
        return new LedgerClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofMinutes(2)).build());
    }
}
