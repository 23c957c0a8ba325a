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
import io.pipelineledger.forecast.engine.DealHistories;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.KnownAt;
import io.pipelineledger.forecast.engine.Method;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterAll;
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
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second time axis over HTTP (H2 files; {@link PostgresKnownAtTest} on PostgreSQL). A generated history is
 * posted through the CRM API in three batches recorded on 2 March, 2 July and today (the recording clock, Axon's
 * message timestamp, is set back for the first two), and a third of the deals report the facts of the 45 days before
 * each batch's cut only in the next batch: late-arriving facts. Every answer read at a knownAt is compared with the
 * engine run directly on the events read back from the event store, cut at that recording instant
 * ({@link DealHistories#recordedBefore}); the backtest's default with {@link Backtest#run} under
 * {@link KnownAt#EACH_ORIGIN}, {@code knownAt=now} with today's hindsight.
 */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.forecast.simulations=300")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KnownAtTest {

    static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    /** Facts that occurred before each cut are recorded at its batch's instant (late ones in the next batch). */
    static final Instant FIRST_CUT = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant SECOND_CUT = Instant.parse("2026-07-01T00:00:00Z");
    static final Instant FIRST_RECORDED = Instant.parse("2026-03-02T00:00:00Z");
    static final Instant SECOND_RECORDED = Instant.parse("2026-07-02T00:00:00Z");
    static final Duration LATE = Duration.ofDays(45);
    private static final ObjectMapper JSON = EventJson.mapper();
    private static final List<Method> BOTH = List.of(Method.LEARNED, Method.BASELINE);

    @Autowired
    WebTestClient web;
    @Autowired
    EventStorageEngine storageEngine;
    LedgerClient ledger;
    DealHistories stored;
    ForecastEngine engine;
    int lateFacts;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-h2-known-at").toString();
        registry.add("ledger.data-dir", () -> data);
    }

    @BeforeAll
    void history() {
        ledger = new LedgerClient(web);
        List<CrmEvent> events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(7, 8, 2,
                END.minus(540, ChronoUnit.DAYS), END, 3.0, 0.05, 0.05)).events();
        List<List<CrmEvent>> batches = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (CrmEvent e : events) {
            int batch = batch(e);
            lateFacts += batch != onTime(e) ? 1 : 0;
            batches.get(batch).add(e);
        }
        try {
            record(batches.get(0), FIRST_RECORDED);
            record(batches.get(1), SECOND_RECORDED);
        } finally {
            GenericEventMessage.clock = Clock.systemUTC();
        }
        ledger.post(batches.get(2), 5_000);
        ledger.awaitProjections();

        DealHistories.Builder builder = DealHistories.builder();
        try (var messages = storageEngine.readEvents(null, false)) {
            messages.forEach(m -> {
                if (m.getPayload() instanceof OpportunityEvent e) {
                    builder.add(e, m.getTimestamp());
                }
            });
        }
        stored = builder.build();
        engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults().withSimulations(300));
        // caught up once the forecast reads as many facts as the store holds
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
            sleep(100);
        }
    }

    @AfterAll
    void realClock() {
        GenericEventMessage.clock = Clock.systemUTC();
    }

    @Test
    void theHistoryHasLateFactsAndThreeRecordingDates() {
        assertThat(lateFacts).as("facts recorded after a later-occurring fact").isGreaterThan(100);
        assertThat(stored.firstRecordedAt()).isBetween(FIRST_RECORDED, FIRST_RECORDED.plus(1, ChronoUnit.DAYS));
        assertThat(stored.recordedBefore(Instant.parse("2026-05-01T00:00:00Z")).deals().size())
                .isPositive().isLessThan(stored.recordedBefore(Instant.parse("2026-08-01T00:00:00Z")).deals().size());
    }

    @Test
    void aForecastAtAKnownAtEqualsTheEngineOnTheFactsRecordedBeforeIt() {
        for (String[] ask : List.of(new String[]{"2026-Q3", "2026-07-01", "2026-05-01"},
                new String[]{"2026-Q3", "2026-08-15T00:00:00Z", "2026-08-01"},
                new String[]{"2026-Q2", "2026-04-01", "2026-04-01"})) {
            String period = ask[0];
            Instant asOf = io.pipelineledger.events.period.BusinessTime.parse(ask[1]).orElseThrow();
            Instant knownAt = io.pipelineledger.events.period.BusinessTime.parse(ask[2]).orElseThrow();
            for (Method method : BOTH) {
                String uri = "/api/v1/forecast?period=" + period + "&groupBy=team&asOf=" + ask[1] + "&method="
                        + method.name().toLowerCase();
                JsonNode known = ledger.get(uri + "&knownAt=" + ask[2]);
                ForecastRequest request = new ForecastRequest(BusinessPeriod.parse(period).orElseThrow(), asOf,
                        Grouping.TEAM, method);
                Forecast expected = engine.forecast(request, stored.recordedBefore(knownAt));
                String what = period + " as of " + asOf + " known at " + knownAt + " " + method;
                assertThat(known.get("groups")).as(what).isEqualTo(JSON.valueToTree(expected.groups()));
                assertThat(known.get("provenance").get("facts").asLong()).as(what)
                        .isEqualTo(expected.provenance().facts());
                assertThat(known.get("knownAt").asText()).isEqualTo(knownAt.toString());

                // every fact on record (the default, and now) is another answer: the late facts are in it
                JsonNode everything = ledger.get(uri);
                assertThat(everything.get("groups")).as(what).isEqualTo(JSON.valueToTree(
                        engine.forecast(request, stored).groups()));
                assertThat(everything.path("knownAt").isMissingNode() || everything.path("knownAt").isNull())
                        .as("every fact on record: no knownAt").isTrue();
                assertThat(ledger.get(uri + "&knownAt=now").get("groups")).isEqualTo(everything.get("groups"));
                assertThat(known.get("groups")).as(what).isNotEqualTo(everything.get("groups"));
            }
        }
    }

    @Test
    void anExplanationAndTheCsvReadTheSameKnownAt() {
        String uri = "/api/v1/forecast?period=2026-Q3&groupBy=team&asOf=2026-07-01&knownAt=2026-05-01";
        JsonNode teams = ledger.get(uri);
        JsonNode team = teams.get("groups").get(0);
        JsonNode explained = ledger.get("/api/v1/forecast/explain?period=2026-Q3&groupBy=team&asOf=2026-07-01"
                + "&knownAt=2026-05-01&group=" + team.get("group").asText());
        assertThat(explained.get("forecast")).isEqualTo(team);
        assertThat(explained.get("knownAt").asText()).isEqualTo("2026-05-01T00:00:00Z");
        assertThat(explained.get("provenance")).isEqualTo(teams.get("provenance"));
        assertThat(explained.get("deals")).hasSize(team.get("openDeals").asInt()
                + count(explained.get("deals"), "WON"));

        var csv = web.get().uri(uri + "&format=csv").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Ledger-Known-At", "2026-05-01T00:00:00Z")
                .expectBody(String.class).returnResult().getResponseBody();
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(teams.get("groups").size() + 1);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            assertThat(new BigDecimal(cells[6])).isEqualByComparingTo(teams.get("groups").get(i - 1)
                    .get("expected").decimalValue());
        }
    }

    @Test
    void theBacktestDefaultsToWhatWasRecordedAtEachOriginAndNowIsHindsight() {
        BusinessPeriod from = BusinessPeriod.parse("2026-Q1").orElseThrow();
        BusinessPeriod to = BusinessPeriod.parse("2026-Q3").orElseThrow();
        String uri = "/api/v1/forecast/backtest?from=2026-Q1&to=2026-Q3";
        JsonNode byOrigin = ledger.get(uri);
        assertThat(byOrigin.get("knownAt").asText()).isEqualTo("each-origin");
        // only Q1's origin (1 January) precedes the first recording (2 March)
        assertThat(byOrigin.get("hindsightPeriods")).hasSize(1);
        assertThat(byOrigin.get("hindsightPeriods").get(0).asText()).isEqualTo("2026-Q1");
        Instant asked = Instant.parse(byOrigin.get("knownAsOf").asText());
        assertSameReport(byOrigin, Backtest.run(engine, stored, from, to, Grouping.ALL, BOTH, asked, null,
                KnownAt.EACH_ORIGIN), "each origin");
        assertThat(ledger.get(uri + "&knownAt=each-origin").get("rows")).isEqualTo(byOrigin.get("rows"));

        JsonNode hindsight = ledger.get(uri + "&knownAt=now");
        assertThat(hindsight.get("knownAt").asText()).isEqualTo(hindsight.get("knownAsOf").asText());
        assertThat(hindsight.get("hindsightPeriods")).isEmpty();
        assertSameReport(hindsight, Backtest.run(engine, stored, from, to, Grouping.ALL, BOTH,
                Instant.parse(hindsight.get("knownAsOf").asText()), null, KnownAt.at(Instant.now())), "hindsight");

        JsonNode may = ledger.get(uri + "&knownAt=2026-05-01");
        assertThat(may.get("knownAt").asText()).isEqualTo("2026-05-01T00:00:00Z");
        assertSameReport(may, Backtest.run(engine, stored, from, to, Grouping.ALL, BOTH,
                Instant.parse(may.get("knownAsOf").asText()), null,
                KnownAt.at(Instant.parse("2026-05-01T00:00:00Z"))), "known at 1 May");

        // the Q1 origin precedes the first recording: each origin reads every fact there, as hindsight does; the
        // Q2 and Q3 origins miss the late facts, so their forecasts differ while the actuals are the same
        for (int i = 0; i < byOrigin.get("rows").size(); i++) {
            JsonNode origin = byOrigin.get("rows").get(i);
            JsonNode today = hindsight.get("rows").get(i);
            assertThat(origin.get("period")).isEqualTo(today.get("period"));
            assertThat(origin.get("actual")).isEqualTo(today.get("actual"));
            if (origin.get("period").asText().equals("2026-Q1")) {
                assertThat(origin).isEqualTo(today);
            } else {
                assertThat(origin.get("forecast")).as(origin.toString()).isNotEqualTo(today.get("forecast"));
            }
        }
    }

    @Test
    void aBadKnownAtIsAProblemNamingIt() {
        String future = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        for (String base : List.of("/api/v1/forecast?period=2026-Q3", "/api/v1/forecast/explain?period=2026-Q3",
                "/api/v1/forecast/backtest?from=2026-Q1&to=2026-Q2")) {
            for (String bad : List.of("2999-01-01", future, "yesterday", "1969-12-31", "2026-13-01")) {
                JsonNode problem = ledger.problem(base + "&knownAt=" + bad, 400);
                assertThat(problem.get("field").asText()).as(base + " " + bad).isEqualTo("knownAt");
                assertThat(problem.get("detail").asText()).as(base + " " + bad).contains("knownAt");
            }
        }
        // a knownAt before asOf is a question too: the pipeline as recorded then, aged to asOf
        assertThat(ledger.get("/api/v1/forecast?period=2026-Q3&asOf=2026-09-01&knownAt=2026-05-01")
                .get("knownAt").asText()).isEqualTo("2026-05-01T00:00:00Z");
    }

    @Test
    void theOpenApiDocumentDescribesKnownAt() {
        JsonNode paths = ledger.get("/v3/api-docs").get("paths");
        for (String path : List.of("/api/v1/forecast", "/api/v1/forecast/explain", "/api/v1/forecast/backtest")) {
            JsonNode parameter = null;
            for (JsonNode p : paths.get(path).get("get").get("parameters")) {
                parameter = p.get("name").asText().equals("knownAt") ? p : parameter;
            }
            assertThat(parameter).as(path).isNotNull();
            assertThat(parameter.get("description").asText()).as(path).contains("recorded");
        }
    }

    private void assertSameReport(JsonNode answer, Backtest.Report expected, String what) {
        JsonNode e = LedgerClient.json(write(Map.of("rows", expected.rows(), "overall", expected.overall(),
                "perPeriod", expected.perPeriod())));
        assertThat(answer.get("rows")).as(what).isEqualTo(e.get("rows"));
        assertThat(answer.get("overall")).as(what).isEqualTo(e.get("overall"));
        assertThat(answer.get("perPeriod")).as(what).isEqualTo(e.get("perPeriod"));
    }

    /** Posts a batch with the recording clock set to {@code at}, and waits until the projections have it. */
    private void record(List<CrmEvent> batch, Instant at) {
        GenericEventMessage.clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), at));
        ledger.post(batch, 5_000);
        ledger.awaitProjections();
    }

    /** Which batch records a fact: the one after its occurrence, or the next one for a late deal near a cut. */
    private static int batch(CrmEvent e) {
        int batch = onTime(e);
        boolean lateDeal = Math.floorMod(e.opportunityId().hashCode(), 3) == 0;
        Instant cut = batch == 0 ? FIRST_CUT : SECOND_CUT;
        return lateDeal && batch < 2 && !e.occurredAt().isBefore(cut.minus(LATE)) ? batch + 1 : batch;
    }

    private static int onTime(CrmEvent e) {
        return e.occurredAt().isBefore(FIRST_CUT) ? 0 : e.occurredAt().isBefore(SECOND_CUT) ? 1 : 2;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int count(JsonNode array, String status) {
        int n = 0;
        for (JsonNode node : array) {
            n += node.path("status").asText().equals(status) ? 1 : 0;
        }
        return n;
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
