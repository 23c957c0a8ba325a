package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.forecast.engine.Backtest;
import io.pipelineledger.forecast.engine.BacktestPoints;
import io.pipelineledger.forecast.engine.DealHistories;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.KnownAt;
import io.pipelineledger.forecast.engine.Method;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backtest's {@code points} over HTTP (one process on H2 files): a generated history posted, then the weekly
 * backtest's rows and byPoint equal the engine's Backtest run directly over the events read back from the store
 * with the same points; bad values of {@code points} are problems naming it.
 */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.forecast.simulations=300")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacktestPointsApiTest {

    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final ObjectMapper JSON = EventJson.mapper();

    @Autowired
    WebTestClient web;
    @Autowired
    EventStorageEngine storageEngine;
    private LedgerClient ledger;
    private DealHistories stored;
    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(),
            ForecastSettings.defaults().withSimulations(300));

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-backtest-points").toString();
        registry.add("ledger.data-dir", () -> data);
    }

    @BeforeAll
    void history() throws InterruptedException {
        web = web.mutate().responseTimeout(Duration.ofMinutes(2)).build();
        ledger = new LedgerClient(web);
        List<CrmEvent> events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(5, 8, 2,
                END.minus(400, ChronoUnit.DAYS), END, 3.0, 0.05, 0.05)).events();
        ledger.post(events, 5_000);
        List<OpportunityEvent> facts = new ArrayList<>();
        try (var read = storageEngine.readEvents(null, false)) {
            read.forEach(m -> {
                if (m.getPayload() instanceof OpportunityEvent e) {
                    facts.add(e);
                }
            });
        }
        stored = DealHistories.of(facts);
        // caught up once the forecast reads as many facts as the store holds (503 before its first catch-up)
        long expectedFacts = engine.states(stored, END).factsUsed();
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            var answer = web.get().uri("/api/v1/forecast?period=2026-Q4&asOf=2026-10-01").exchange()
                    .expectBody(String.class).returnResult();
            if (answer.getStatus().value() == 200 && LedgerClient.json(answer.getResponseBody()).path("provenance")
                    .path("facts").asLong() == expectedFacts) {
                break;
            }
            assertThat(Instant.now()).as("forecast projection caught up").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void weeklyRowsAndByPointEqualTheEngineWithTheSamePoints() {
        JsonNode answer = ledger.get("/api/v1/forecast/backtest?from=2026-Q2&to=2026-Q3&points=weekly");
        Instant asked = Instant.parse(answer.get("knownAsOf").asText());
        Backtest.Report expected = Backtest.run(engine, stored, quarter("2026-Q2"), quarter("2026-Q3"), Grouping.ALL,
                List.of(Method.LEARNED, Method.BASELINE), asked, null, KnownAt.at(asked), BacktestPoints.WEEKLY);
        assertThat(answer.get("points").asText()).isEqualTo("weekly");
        // Q2 (91 days): start + week-1..12; Q3 (92 days): start + week-1..13; two methods, one group
        assertThat(answer.get("rows")).hasSize((13 + 14) * 2);
        assertThat(answer.get("rows")).isEqualTo(JSON.valueToTree(expected.rows()));
        assertThat(answer.get("byPoint")).isEqualTo(JSON.valueToTree(expected.byPoint()));
        assertThat(answer.get("overall")).isEqualTo(JSON.valueToTree(expected.overall()));
        JsonNode week5 = answer.get("rows").get(2 * 5);
        assertThat(week5.get("point").asText()).isEqualTo("week-5");
        assertThat(week5.get("asOf").asText()).isEqualTo("2026-05-06T00:00:00Z");

        // the default is the start only, as before
        JsonNode plain = ledger.get("/api/v1/forecast/backtest?from=2026-Q2&to=2026-Q3");
        assertThat(plain.get("rows")).hasSize(2 * 2);
        assertThat(plain.get("points").asText()).isEqualTo("start");
    }

    @Test
    void badPointsAreProblemsNamingPoints() {
        for (String uri : List.of("/api/v1/forecast/backtest?from=2026-04&to=2026-06&points=weekly",
                "/api/v1/forecast/backtest?from=2026-W20&to=2026-W22&points=weekly",
                "/api/v1/forecast/backtest?from=2026-Q2&to=2026-Q3&points=bogus")) {
            JsonNode problem = ledger.problem(uri, 400);
            assertThat(problem.get("field").asText()).as(uri).isEqualTo("points");
            assertThat(problem.get("detail").asText()).as(uri).contains("points");
        }
        // thirds fit every granularity
        assertThat(ledger.get("/api/v1/forecast/backtest?from=2026-08&to=2026-09&points=thirds").get("rows"))
                .hasSize(2 * 3 * 2);
    }

    private static BusinessPeriod quarter(String key) {
        return BusinessPeriod.parse(key).orElseThrow();
    }
}
