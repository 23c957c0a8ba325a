package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import io.pipelineledger.events.money.UnconvertedAmount;
import io.pipelineledger.forecast.projection.ForecastLedger;
import io.pipelineledger.forecast.snapshot.ForecastSnapshots;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast's read model across restarts of the one-process app (H2 files and PostgreSQL, by the subclasses): a
 * generated history posted in two parts with a snapshot between them; a restart reads only the second part (the
 * tail) and answers every forecast exactly as before; a damaged snapshot is dropped and the read model rebuilt from
 * the first event (a full replay: the independent check), again with the same answers. Periodic and shutdown
 * snapshots are switched off so that exactly the one taken here is stored. Exchange rates recorded before the
 * snapshot must survive it too: a forecast in EUR of the USD history converts every deal after each restart.
 */
abstract class ForecastRestartTest {

    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final List<String> FORECASTS = List.of(
            "/api/v1/forecast?period=2026-Q4&groupBy=rep&asOf=2026-10-01",
            "/api/v1/forecast?period=2026-Q4&groupBy=team&method=baseline&asOf=2026-10-01",
            "/api/v1/forecast?period=2026-Q2&groupBy=region&asOf=2026-04-15T12:00:00Z",
            "/api/v1/forecast?period=2026-Q3&groupBy=team&currency=EUR&asOf=2026-08-01");

    /** Arguments that point the app at this class's database (the same one for every start). */
    abstract List<String> storage();

    @Test
    void aRestartReadsOnlyTheTailAndADamagedSnapshotIsRebuiltFromTheFirstEvent() {
        List<CrmEvent> history = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(17, 16, 2,
                END.minus(540, ChronoUnit.DAYS), END, 3.0, 0.05, 0.05)).events();
        int split = history.size() * 4 / 5;
        List<CrmEvent> head = history.subList(0, split);
        List<CrmEvent> tail = history.subList(split, history.size());
        List<JsonNode> live;

        try (ConfigurableApplicationContext app = start()) {
            LedgerClient ledger = client(app);
            ledger.post(head, 2_000);
            rate(app, 0, "2024-01-01", "1.10");
            rate(app, 1, "2026-07-01", "1.17");
            ledger.awaitProjections();
            assertThat(app.getBean(ForecastSnapshots.class).snapshot()).as("snapshot written").isTrue();
            ledger.post(tail, 2_000);
            ledger.awaitProjections();
            live = forecasts(ledger);
            assertThat(app.getBean(ForecastLedger.class).received()).isGreaterThanOrEqualTo(history.size());
            JsonNode eur = live.get(live.size() - 1);
            assertThat(eur.get("currency").asText()).isEqualTo("EUR");
            // (cautions about the figures, such as LUMPY, may stand beside them: no amount may be left out)
            assertThat(java.util.stream.StreamSupport.stream(eur.get("warnings").spliterator(), false)
                    .filter(w -> w.path("code").asText().equals(UnconvertedAmount.CODE)))
                    .as("every USD deal converts to EUR").isEmpty();
            BigDecimal expected = BigDecimal.ZERO;
            for (JsonNode group : eur.get("groups")) {
                expected = expected.add(group.get("expected").decimalValue());
            }
            assertThat(expected).as("deals counted in EUR").isPositive();
        }

        try (ConfigurableApplicationContext app = start()) {
            LedgerClient ledger = client(app);
            List<JsonNode> restarted = forecasts(ledger);
            ledger.awaitProjections();
            long received = app.getBean(ForecastLedger.class).received();
            assertThat(received).as("events read after the restart: the tail only")
                    .isGreaterThanOrEqualTo(tail.size()).isLessThan(head.size());
            assertThat(restarted).as("restarted from the snapshot plus the tail vs before").isEqualTo(live);
            assertThat(app.getBean(ForecastSnapshots.class).snapshot())
                    .as("the tail read at the start makes the next snapshot due").isTrue();
            // damage one byte in the middle of the stored snapshot (shutdown snapshots are off: it stays so)
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            byte[] chunk = jdbc.queryForObject("SELECT bytes FROM forecast_snapshot WHERE chunk_no = 0", byte[].class);
            chunk[chunk.length / 2] ^= 0x5A;
            jdbc.update("UPDATE forecast_snapshot SET bytes = ? WHERE chunk_no = 0", (Object) chunk);
        }

        try (ConfigurableApplicationContext app = start()) {
            LedgerClient ledger = client(app);
            List<JsonNode> rebuilt = forecasts(ledger);
            ledger.awaitProjections();
            assertThat(app.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM forecast_snapshot",
                    Long.class)).as("the damaged snapshot is dropped").isZero();
            assertThat(app.getBean(ForecastLedger.class).received()).as("rebuilt from the first event")
                    .isGreaterThanOrEqualTo(history.size());
            assertThat(rebuilt).as("a full replay vs before").isEqualTo(live);
        }
    }

    /** One EUR rate (USD per EUR), in the one event store as the exchange-rates endpoint records it. */
    private static void rate(ConfigurableApplicationContext app, long sequence, String from, String rate) {
        ExchangeRateSetEvent event = new ExchangeRateSetEvent("rate:EUR:" + from + ":0", ExchangeRateSetEvent.TABLE_ID,
                END, "EUR", LocalDate.parse(from), new BigDecimal(rate), "USD", null, null);
        app.getBean(EventStore.class).publish(new GenericDomainEventMessage<>("ExchangeRates",
                ExchangeRateSetEvent.TABLE_ID, sequence, event));
    }

    private ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--logging.level.io.pipelineledger.forecast.snapshot=INFO", "--ledger.forecast.simulations=200",
                "--ledger.forecast.snapshot.every-events=1000000000", "--ledger.forecast.snapshot.at-shutdown=false"));
        args.addAll(storage());
        return new SpringApplicationBuilder(PipelineLedgerApplication.class).run(args.toArray(String[]::new));
    }

    private static LedgerClient client(ConfigurableApplicationContext app) {
        int port = ((ReactiveWebServerApplicationContext) app).getWebServer().getPort();
        return new LedgerClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofMinutes(2)).build());
    }

    /** Every forecast, once the forecast answers (503 while its read model catches up after a start). */
    private static List<JsonNode> forecasts(LedgerClient ledger) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (ledger.web().get().uri(FORECASTS.get(0)).exchange().returnResult(String.class).getStatus().value()
                == 503) {
            assertThat(Instant.now()).as("forecast ready").isBefore(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return FORECASTS.stream().map(ledger::get).toList();
    }
}
