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
import io.pipelineledger.forecast.engine.BaselineMethod;
import io.pipelineledger.forecast.engine.DealHistories;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.projection.ForecastLedger;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finance API through the one-process app (on H2 files and on PostgreSQL, by the subclasses): a generated history posted to the command side, then
 * every forecast answer compared with the engine run directly over the events read back from the event store (the
 * service's projection, caching and as-of handling against a straight computation); CSV, explanations, the
 * backtest, submissions, and bad parameters.
 */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.forecast.simulations=500")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ForecastApiTest {

    static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final ObjectMapper JSON = EventJson.mapper();

    @Autowired
    WebTestClient web;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    ForecastLedger forecastLedger;
    LedgerClient ledger;
    DealHistories stored;
    ForecastEngine engine;

    @BeforeAll
    void history() {
        web = web.mutate().responseTimeout(Duration.ofMinutes(2)).build();
        ledger = new LedgerClient(web);
        List<CrmEvent> events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(3, 24, 2,
                END.minus(640, ChronoUnit.DAYS), END, 3.0, 0.05, 0.05)).events();
        ledger.post(events, 5_000);
        List<OpportunityEvent> facts = new ArrayList<>();
        try (var stored = storageEngine.readEvents(null, false)) {
            stored.forEach(m -> {
                if (m.getPayload() instanceof OpportunityEvent e) {
                    facts.add(e);
                }
            });
        }
        stored = DealHistories.of(facts);
        engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults().withSimulations(500));
        // the forecast's projection has caught up when it reads as many facts as the store holds; until its first
        // catch-up after the start it answers 503 with Retry-After
        long expectedFacts = engine.states(stored, END).factsUsed();
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            var answer = web.get().uri("/api/v1/forecast?period=2026-Q4&asOf=2026-10-01").exchange()
                    .expectBody(String.class).returnResult();
            if (answer.getStatus().value() == 503) {
                assertThat(answer.getResponseHeaders().getFirst("Retry-After")).isNotNull();
                assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            } else {
                assertThat(answer.getStatus().value()).isEqualTo(200);
                if (LedgerClient.json(answer.getResponseBody()).path("provenance").path("facts").asLong()
                        == expectedFacts) {
                    break;
                }
            }
            assertThat(Instant.now()).as("forecast projection caught up").isBefore(deadline);
            sleep(100);
        }
    }

    @Test
    void everyGroupingAndMethodEqualsTheEngineOverTheStoredEvents() {
        for (String asOf : List.of("2026-10-01", "2026-04-15T12:00:00Z")) {
            for (Grouping grouping : Grouping.values()) {
                // null: the default method, whichever the answer names
                for (Method asked : java.util.Arrays.asList(Method.LEARNED, Method.BASELINE, Method.COHORT, Method.RUN_RATE,
                        null)) {
                    String period = asOf.startsWith("2026-10") ? "2026-Q4" : "2026-Q2";
                    JsonNode answer = forecast("/api/v1/forecast?period=" + period + "&groupBy="
                            + grouping.name().toLowerCase() + (asked == null ? "" : "&method="
                            + asked.name().toLowerCase()) + "&asOf=" + asOf);
                    Method method = answered(answer);
                    if (asked != null) {
                        assertThat(method).isEqualTo(asked);
                    }
                    Forecast expected = engine.forecast(new ForecastRequest(BusinessPeriod.parse(period)
                            .orElseThrow(), io.pipelineledger.events.period.BusinessTime.parse(asOf).orElseThrow(),
                            grouping, method), stored);
                    assertThat(answer.get("groups")).as(period + " " + grouping + " " + method)
                            .isEqualTo(JSON.valueToTree(expected.groups()));
                    assertThat(answer.path("groupBy").asText()).isEqualTo(grouping.name().toLowerCase());
                    assertThat(answer.path("provenance").path("modelVersion").asText())
                            .isEqualTo(expected.provenance().modelVersion());
                    assertThat(answer.path("provenance").path("eventsUpTo").asText())
                            .isEqualTo(expected.provenance().eventsUpTo().toString());
                }
            }
        }
        JsonNode reps = forecast("/api/v1/forecast?period=2026-Q4&groupBy=rep&asOf=2026-10-01");
        assertThat(reps.get("groups")).hasSizeGreaterThan(20);
        // the same question gives the same numbers (seeded), and the groups add up to the company's closed-won
        assertThat(forecast("/api/v1/forecast?period=2026-Q4&groupBy=rep&asOf=2026-10-01")).isEqualTo(reps);
        BigDecimal repsWon = BigDecimal.ZERO;
        for (JsonNode g : reps.get("groups")) {
            repsWon = repsWon.add(g.get("closedWon").decimalValue());
            assertThat(g.get("p10").decimalValue()).isLessThanOrEqualTo(g.get("p50").decimalValue());
            assertThat(g.get("p50").decimalValue()).isLessThanOrEqualTo(g.get("p90").decimalValue());
        }
        JsonNode all = forecast("/api/v1/forecast?period=2026-Q4&groupBy=all&asOf=2026-10-01");
        assertThat(repsWon).isEqualByComparingTo(all.get("groups").get(0).get("closedWon").decimalValue());
    }

    @Test
    void methodAutoAnswersAsTheEngineDoesAndShowsItsSelfCheck() {
        JsonNode answer = forecast("/api/v1/forecast?period=2026-Q4&groupBy=team&method=auto&asOf=2026-10-01");
        Forecast expected = engine.forecast(new ForecastRequest(BusinessPeriod.parse("2026-Q4").orElseThrow(),
                END, Grouping.TEAM, Method.AUTO), stored);

        assertThat(answer.path("method").asText()).isEqualTo("auto");
        assertThat(answer.get("groups")).isEqualTo(JSON.valueToTree(expected.groups()));
        JsonNode check = answer.path("provenance").path("selfCheck");
        assertThat(check.path("origins")).hasSize(expected.provenance().selfCheck().origins().size());
        assertThat(check.path("candidates").get(0).path("candidate").asText()).isEqualTo("learned:h90");
        assertThat(check.path("biasCorrection").isNumber()).isTrue();
        JsonNode explained = forecast("/api/v1/forecast/explain?period=2026-Q4&groupBy=team&method=auto"
                + "&asOf=2026-10-01&group=" + expected.groups().get(0).group());
        assertThat(explained.path("forecast")).isEqualTo(JSON.valueToTree(expected.groups().get(0)));
    }

    @Test
    void csvCarriesTheSameNumbersAsJson() {
        String csv = web.get().uri("/api/v1/forecast?period=2026-Q3&groupBy=team&asOf=2026-08-01")
                .accept(new MediaType("text", "csv")).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode json = forecast("/api/v1/forecast?period=2026-Q3&groupBy=team&asOf=2026-08-01");
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("period,groupBy,group,method,asOf,closedWon,expected,p10,p50,p90");
        assertThat(lines).hasSize(json.get("groups").size() + 1);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            JsonNode g = json.get("groups").get(i - 1);
            assertThat(cells[0]).isEqualTo("2026-Q3");
            assertThat(cells[2]).isEqualTo(g.get("group").asText());
            assertThat(new BigDecimal(cells[6])).isEqualByComparingTo(g.get("expected").decimalValue());
            assertThat(new BigDecimal(cells[9])).isEqualByComparingTo(g.get("p90").decimalValue());
            assertThat(Integer.parseInt(cells[15])).isEqualTo(g.get("openDeals").asInt());
        }
        // format=csv does the same for clients that cannot set Accept
        assertThat(web.get().uri("/api/v1/forecast?period=2026-Q3&groupBy=team&asOf=2026-08-01&format=csv")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .isEqualTo(csv);
    }

    @Test
    void anExplanationListsTheDealsBehindTheNumber() {
        JsonNode teams = forecast("/api/v1/forecast?period=2026-Q4&groupBy=team&asOf=2026-10-01");
        JsonNode team = teams.get("groups").get(0);
        JsonNode explained = forecast("/api/v1/forecast/explain?period=2026-Q4&groupBy=team&asOf=2026-10-01&group="
                + team.get("group").asText());
        assertThat(explained.get("forecast")).isEqualTo(team);
        // the deal terms add up to the number in the learned method (auto's explanation shows its numbers with
        // the terms of its best-weighted learned candidate, which it reweighs)
        teams = forecast("/api/v1/forecast?period=2026-Q4&groupBy=team&asOf=2026-10-01&method=learned");
        team = teams.get("groups").get(0);
        explained = forecast("/api/v1/forecast/explain?period=2026-Q4&groupBy=team&asOf=2026-10-01&method=learned"
                + "&group=" + team.get("group").asText());
        assertThat(explained.get("forecast")).isEqualTo(team);
        assertThat(explained.get("deals")).hasSize(team.get("openDeals").asInt()
                + (int) count(explained.get("deals"), "WON"));
        BigDecimal open = BigDecimal.ZERO;
        for (JsonNode deal : explained.get("deals")) {
            if (deal.get("status").asText().equals("OPEN")) {
                open = open.add(deal.get("expected").decimalValue());
            }
        }
        // each term is rounded to cents, the group's sum once: they agree to a cent per deal
        assertThat(open.subtract(team.get("fromOpenDeals").decimalValue()).abs())
                .isLessThanOrEqualTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(team.get("openDeals").asInt() + 1)));
        ledger.problem("/api/v1/forecast/explain?period=2026-Q4&groupBy=team&group=team-nowhere", 404);
        ledger.problem("/api/v1/forecast/explain?period=2026-Q4&groupBy=team", 400);
    }

    @Test
    void theBacktestComparesEachQuarterWithWhatWasWonAndTheLearnedMethodBeatsTheBaseline() {
        JsonNode report = forecast("/api/v1/forecast/backtest?from=2025-Q3&to=2026-Q2");
        // one row per quarter and method (the default methods: one summary each)
        assertThat(report.get("overall").size()).isGreaterThanOrEqualTo(2);
        assertThat(report.get("rows")).hasSize(4 * report.get("overall").size());
        for (JsonNode row : report.get("rows")) {
            assertThat(row.get("actual").decimalValue()).isPositive();
        }
        double learned = 0;
        double baseline = 0;
        for (JsonNode summary : report.get("overall")) {
            if (summary.get("method").asText().equals("LEARNED")) {
                learned = summary.get("wmape").asDouble();
            } else if (summary.get("method").asText().equals("BASELINE")) {
                baseline = summary.get("wmape").asDouble();
            }
        }
        assertThat(learned).isLessThan(baseline);
        assertThat(forecast("/api/v1/forecast/backtest?from=2025-Q3&to=2026-Q2&method=baseline").get("rows"))
                .hasSize(4);
    }

    @Test
    void aSubmissionIsRecordedOnceWithTheForecastsNumbers() {
        String id = "sub-" + System.nanoTime();
        Map<String, Object> body = Map.of("submissionId", id, "period", "2026-Q4", "groupBy", "region",
                "group", "emea", "asOf", "2026-10-01", "submittedBy", "cfo@example.com",
                "reason", "two large renewals slip to January", "override", 1_250_000);
        JsonNode first = submit(body, 201);
        assertThat(first.get("recorded").asBoolean()).isTrue();
        JsonNode region = forecast("/api/v1/forecast?period=2026-Q4&groupBy=region&asOf=2026-10-01");
        JsonNode emea = null;
        for (JsonNode g : region.get("groups")) {
            emea = g.get("group").asText().equals("emea") ? g : emea;
        }
        assertThat(first.get("submission").get("expected")).isEqualTo(emea.get("expected"));
        assertThat(first.get("submission").get("override").decimalValue()).isEqualByComparingTo("1250000");
        // a retry records nothing more
        assertThat(submit(body, 200).get("recorded").asBoolean()).isFalse();

        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode listed;
        do {
            sleep(50);
            listed = forecast("/api/v1/forecast/submissions?period=2026-Q4");
            assertThat(Instant.now()).isBefore(deadline);
        } while (count(listed, id) == 0);
        assertThat(count(listed, id)).isEqualTo(1);
        assertThat(forecast("/api/v1/forecast/submissions?period=2026-Q1")).isEmpty();

        // an override needs a reason; the group must exist
        assertThat(submit(Map.of("period", "2026-Q4", "submittedBy", "vp", "override", 5), 400)
                .get("field").asText()).isEqualTo("reason");
        assertThat(submit(Map.of("period", "2026-Q4", "groupBy", "team", "group", "team-nowhere",
                "submittedBy", "vp"), 400).get("field").asText()).isEqualTo("group");
        assertThat(submit(Map.of("period", "2026-Q4"), 400).get("field").asText()).isEqualTo("submittedBy");
    }

    @Test
    void aBacktestOfTheCurrentQuarterFlagsItIncompleteAndLeavesItOutOfTheSummaries() {
        BusinessPeriod current = BusinessPeriod.containing(Instant.now(), BusinessPeriod.Granularity.QUARTER);
        BusinessPeriod previous = BusinessPeriod.containing(current.start().minusSeconds(1),
                BusinessPeriod.Granularity.QUARTER);
        JsonNode report = forecast("/api/v1/forecast/backtest?from=" + previous.key() + "&to=" + current.key());
        int complete = 0;
        for (JsonNode row : report.get("rows")) {
            boolean over = row.get("period").asText().equals(previous.key());
            assertThat(row.get("complete").asBoolean()).as(row.toString()).isEqualTo(over);
            complete += over ? 1 : 0;
        }
        assertThat(complete).isPositive().isLessThan(report.get("rows").size());
        assertThat(report.get("incompletePeriods")).hasSize(1);
        assertThat(report.get("incompletePeriods").get(0).asText()).isEqualTo(current.key());
        for (JsonNode summary : report.get("perPeriod")) {
            assertThat(summary.get("scope").asText()).isEqualTo(previous.key());
        }
        int rows = 0;
        for (JsonNode summary : report.get("overall")) {
            rows += summary.get("rows").asInt();
        }
        assertThat(rows).as("the summaries count the finished quarter's rows only").isEqualTo(complete);
    }

    @Test
    void anExplanationMarksEveryDealWonInThePeriodAsClosingInIt() {
        Instant asOf = Instant.parse("2026-09-15T00:00:00Z");
        BusinessPeriod q3 = BusinessPeriod.parse("2026-Q3").orElseThrow();
        // independently: the deals the stored events say were won in Q3 before as-of, with their won amounts
        Map<String, BigDecimal> wonInQ3 = new java.util.TreeMap<>();
        engine.states(stored, asOf).deals().stream()
                .filter(d -> d.won() && q3.contains(d.wonAt()) && d.wonAt().isBefore(asOf))
                .forEach(d -> wonInQ3.put(d.opportunityId(), BigDecimal.valueOf(d.wonAmount())));
        assertThat(wonInQ3).hasSizeGreaterThan(5);
        for (String method : List.of("learned", "baseline", "cohort", "run_rate")) {
            JsonNode explained = forecast("/api/v1/forecast/explain?period=2026-Q3&asOf=2026-09-15&method=" + method);
            Map<String, BigDecimal> listed = new java.util.TreeMap<>();
            for (JsonNode deal : explained.get("deals")) {
                if (deal.get("status").asText().equals("WON")) {
                    assertThat(deal.get("closesInPeriod").asBoolean()).as(method + " " + deal).isTrue();
                    assertThat(deal.get("categorySetByCrm").asBoolean()).as(deal.toString()).isFalse();
                    assertThat(deal.path("category").isMissingNode() || deal.path("category").isNull())
                            .as(deal.toString()).isTrue();
                    assertThat(deal.get("pInPeriod").asDouble()).isEqualTo(1.0);
                    assertThat(deal.get("expected").decimalValue()).isEqualByComparingTo(deal.get("amount")
                            .decimalValue());
                    listed.put(deal.get("opportunityId").asText(), deal.get("amount").decimalValue());
                } else {
                    assertThat(deal.get("status").asText()).as("lost deals add nothing").isEqualTo("OPEN");
                }
            }
            assertThat(listed.keySet()).isEqualTo(wonInQ3.keySet());
            listed.forEach((id, amount) -> assertThat(amount).isEqualByComparingTo(
                    wonInQ3.get(id).setScale(2, java.math.RoundingMode.HALF_UP)));
        }
    }

    @Test
    void aBaselineAnswerDescribesTheBaselineNotTheLearnedModel() {
        JsonNode baseline = forecast("/api/v1/forecast?period=2026-Q4&asOf=2026-10-01&method=baseline")
                .get("provenance");
        assertThat(baseline.get("modelVersion").asText()).isEqualTo(BaselineMethod.VERSION);
        assertThat(baseline.get("method").asText()).isEqualTo("BASELINE");
        assertThat(baseline.path("modelAsOf").isNull() || baseline.path("modelAsOf").isMissingNode()).isTrue();
        assertThat(baseline.get("parameters").has("lookbackDays")).isFalse();
        assertThat(baseline.get("parameters").get(BaselineMethod.PROBABILITY + "discussion").asText())
                .isEqualTo("0.6");
        JsonNode explained = forecast("/api/v1/forecast/explain?period=2026-Q4&asOf=2026-10-01&method=baseline");
        assertThat(explained.get("provenance")).isEqualTo(baseline);
        JsonNode learned = forecast("/api/v1/forecast?period=2026-Q4&asOf=2026-10-01&method=learned")
                .get("provenance");
        assertThat(learned.get("modelVersion").asText()).isEqualTo(
                io.pipelineledger.forecast.engine.ForecastModel.VERSION);
        assertThat(learned.get("parameters").get("lookbackDays").asText()).isEqualTo("730");
        for (JsonNode p : forecast("/api/v1/forecast/backtest?from=2026-Q2&to=2026-Q3").get("provenance")) {
            assertThat(p.get("modelVersion").asText()).as(p.get("method").asText()).isEqualTo(
                    p.get("method").asText().equals("BASELINE") ? BaselineMethod.VERSION
                            : io.pipelineledger.forecast.engine.ForecastModel.VERSION);
        }
    }

    @Test
    void groupNarrowsTheForecastToThatGroupAsExplainDoes() {
        String teams = "/api/v1/forecast?period=2026-Q4&groupBy=team&asOf=2026-10-01";
        JsonNode all = forecast(teams);
        assertThat(all.get("groups")).hasSizeGreaterThan(2);
        String csv = csv(teams);
        for (JsonNode team : all.get("groups")) {
            String key = team.get("group").asText();
            JsonNode one = forecast(teams + "&group=" + key);
            assertThat(one.get("groups")).hasSize(1);
            assertThat(one.get("groups").get(0)).isEqualTo(team);
            assertThat(one.get("provenance")).isEqualTo(all.get("provenance"));
            String[] lines = csv(teams + "&group=" + key).split("\r\n");
            assertThat(lines).hasSize(2);
            assertThat(csv).contains("\r\n" + lines[1] + "\r\n");
        }
        // consistent with explain: a group not in the forecast is a 404, a group without its grouping a 400
        assertThat(ledger.problem(teams + "&group=team-nowhere", 404).get("field").asText()).isEqualTo("group");
        String team = all.get("groups").get(0).get("group").asText();
        for (String uri : List.of("/api/v1/forecast?period=2026-Q4&group=" + team,
                "/api/v1/forecast/explain?period=2026-Q4&group=" + team)) {
            JsonNode problem = ledger.problem(uri, 400);
            assertThat(problem.get("field").asText()).as(uri).isEqualTo("group");
            assertThat(problem.get("detail").asText()).as(uri).contains("groupBy");
        }
        JsonNode company = forecast("/api/v1/forecast?period=2026-Q4&asOf=2026-10-01&group=all");
        assertThat(company.get("groups")).hasSize(1);
        assertThat(company.get("groups").get(0).get("group").asText()).isEqualTo("all");
    }

    @Test
    void aSubmissionIsListedByTheGetRightAfterIts201() {
        String prefix = "now-" + System.nanoTime() + "-";
        long received = forecastLedger.received();
        for (int i = 0; i < 50; i++) {
            String id = prefix + i;
            submit(Map.of("submissionId", id, "period", "2026-Q4", "asOf", "2026-10-01",
                    "submittedBy", "cfo@example.com"), 201);
            JsonNode listed = forecast("/api/v1/forecast/submissions?period=2026-Q4");
            assertThat(count(listed, id)).as("submission " + i + " listed at once").isEqualTo(1);
        }
        // and the projection's delivery, later, adds none of them twice
        Instant deadline = Instant.now().plusSeconds(120);
        while (forecastLedger.received() < received + 50) {
            assertThat(Instant.now()).as("the projection delivered the 50 submissions").isBefore(deadline);
            sleep(100);
        }
        JsonNode listed = forecast("/api/v1/forecast/submissions?period=2026-Q4");
        for (int i = 0; i < 50; i++) {
            assertThat(count(listed, prefix + i)).isEqualTo(1);
        }
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointWithAnExample() {
        JsonNode doc = ledger.get("/v3/api-docs");
        List<String> operations = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            operations.add(name);
            assertThat(op.getValue().path("summary").asText()).as(name).isNotBlank();
            assertThat(op.getValue().toString()).as(name + " has an example").containsPattern("\"examples?\"");
        }));
        assertThat(operations).contains("GET /api/v1/forecast", "GET /api/v1/forecast/explain",
                "GET /api/v1/forecast/backtest", "POST /api/v1/forecast/submissions", "GET /api/v1/forecast/submissions",
                "GET /api/v1/conversion", "GET /api/v1/reps/{repId}/scorecard", "GET /api/v1/winrates",
                "GET /api/v1/pipeline", "GET /api/v1/maturity", "GET /api/v1/stream", "GET /api/v1/projections",
                "POST /api/v1/projections/replay", "POST /api/v1/events", "GET /api/v1/process", "PUT /api/v1/process",
                "POST /api/v1/import/opportunity-history");
        web.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("/api/v1/forecast?period=2026-Q5", "period"),
                Map.entry("/api/v1/forecast", "period"),
                Map.entry("/api/v1/forecast?period=2026-W54", "period"),
                Map.entry("/api/v1/forecast?period=2026-Q4&asOf=2999-01-01", "asOf"),
                Map.entry("/api/v1/forecast?period=2026-Q4&asOf=yesterday", "asOf"),
                Map.entry("/api/v1/forecast?period=2026-Q4&method=gut-feel", "method"),
                Map.entry("/api/v1/forecast?period=2026-Q4&groupBy=planet", "groupBy"),
                Map.entry("/api/v1/forecast/backtest?from=2026-Q2&to=2025-Q3", "from"),
                Map.entry("/api/v1/forecast/backtest?from=2026-01&to=2026-Q2", "to"),
                Map.entry("/api/v1/forecast/backtest?from=2026-Q1&to=2999-Q1", "to"),
                Map.entry("/api/v1/forecast/backtest?from=2020-W01&to=2026-W40", "from"));
        bad.forEach((uri, field) -> assertThat(ledger.problem(uri, 400).get("field").asText()).as(uri)
                .isEqualTo(field));
    }

    /** The method an answer names (the default one when none was asked for). */
    private static Method answered(JsonNode answer) {
        return Method.valueOf(answer.get("method").asText().toUpperCase(java.util.Locale.ROOT));
    }

    private JsonNode forecast(String uri) {
        return ledger.get(uri);
    }

    private String csv(String uri) {
        return web.get().uri(uri).accept(new MediaType("text", "csv")).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private JsonNode submit(Map<String, Object> body, int status) {
        return LedgerClient.json(web.post().uri("/api/v1/forecast/submissions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult()
                .getResponseBody());
    }

    private static long count(JsonNode array, String text) {
        long n = 0;
        for (JsonNode node : array) {
            n += node.toString().contains("\"" + text + "\"") ? 1 : 0;
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
