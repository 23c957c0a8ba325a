package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side through the one-process app, over HTTP: a generated history posted to the command side shows up
 * in every endpoint, live subscribers see new facts, a replay rebuilds identical figures, and bad parameters are
 * 400 problems. Run on H2 files and on PostgreSQL by the subclasses.
 */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.query.stream-interval=PT0.05S")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QuerySideContractTest {

    static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    static final List<String> READS = List.of("/api/v1/conversion?groupBy=rep&asOf=2026-10-01",
            "/api/v1/conversion?groupBy=team&asOf=2026-06-15&interval=month",
            "/api/v1/conversion?groupBy=region&from=2026-03-01&to=2026-05-31&asOf=2026-10-01",
            "/api/v1/winrates?groupBy=team&asOf=2026-10-01", "/api/v1/pipeline?groupBy=region&asOf=2026-07-01",
            "/api/v1/maturity?asOf=2026-10-01", "/api/v1/reps/rep-01/scorecard?asOf=2026-10-01");

    @Autowired
    WebTestClient web;
    LedgerClient ledger;
    private boolean posted;

    @BeforeEach
    void history() {
        ledger = new LedgerClient(web);
        if (!posted) {
            List<CrmEvent> events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(11, 8, 1,
                    END.minus(240, ChronoUnit.DAYS), END, 3.0, 0.05, 0.05)).events();
            ledger.post(events, 2_000);
            posted = true;
        }
        ledger.awaitProjections();
    }

    @Test
    void theHistoryShowsUpInEveryEndpoint() {
        JsonNode all = ledger.get("/api/v1/conversion?asOf=2026-10-01");
        assertThat(all.get("groupBy").asText()).isEqualTo("all");
        JsonNode prospecting = all.get("groups").get(0).get("stages").get(0);
        assertThat(prospecting.get("stage").asText()).isEqualTo("prospecting");
        assertThat(prospecting.get("entered").asLong()).isPositive();
        assertThat(prospecting.get("advanced").asLong() + prospecting.get("open").asLong())
                .isLessThanOrEqualTo(prospecting.get("entered").asLong());
        assertThat(ledger.get("/api/v1/conversion?groupBy=rep&asOf=2026-10-01").get("groups")).hasSize(8);
        assertThat(ledger.get("/api/v1/winrates?groupBy=all").get("groups").get(0).get("won").asLong()).isPositive();
        assertThat(ledger.get("/api/v1/pipeline?groupBy=all&asOf=2026-07-01").get("groups").get(0).get("count")
                .asLong()).isPositive();
        assertThat(ledger.get("/api/v1/maturity").get("level").asInt()).isBetween(1, 4);
        assertThat(ledger.get("/api/v1/reps/rep-01/scorecard").get("stages")).hasSize(6);
    }

    @Test
    void theReadsAnswerAsOfABusinessTimeNotAsOfNow() {
        JsonNode early = ledger.get("/api/v1/conversion?asOf=2026-03-01").get("groups").get(0).get("stages").get(0);
        JsonNode late = ledger.get("/api/v1/conversion?asOf=2026-10-01").get("groups").get(0).get("stages").get(0);
        assertThat(early.get("entered").asLong()).isLessThan(late.get("entered").asLong());
        assertThat(ledger.get("/api/v1/conversion?asOf=2020-01-01").get("groups")).isEmpty();
        ledger.problem("/api/v1/reps/rep-01/scorecard?asOf=2020-01-01", 404);
    }

    @Test
    void liveSubscribersGetTheCurrentFiguresThenAnUpdateWhenFactsLand() throws Exception {
        BlockingQueue<ServerSentEvent<String>> received = new LinkedBlockingQueue<>();
        Disposable subscription = web.get().uri("/api/v1/stream?groupBy=all").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                }).getResponseBody().filter(e -> e.event() != null).subscribe(received::add);
        try {
            ServerSentEvent<String> snapshot = received.poll(30, TimeUnit.SECONDS);
            assertThat(snapshot).isNotNull();
            assertThat(snapshot.event()).isEqualTo("snapshot");
            JsonNode before = LedgerClient.json(snapshot.data());
            long dealsBefore = before.get("deals").asLong();

            String id = "OPP-LIVE-" + System.nanoTime();
            ledger.post(List.of(new CrmEvent("live-" + id, "OpportunityOpened", id, Instant.now().minusSeconds(60),
                    Map.of("repId", "rep-live", "teamId", "team-live", "regionId", "emea",
                            "stage", "prospecting", "amount", 12_345))), 1);

            JsonNode update = null;
            for (ServerSentEvent<String> e; (e = received.poll(30, TimeUnit.SECONDS)) != null; ) {
                assertThat(e.event()).isEqualTo("update");
                JsonNode data = LedgerClient.json(e.data());
                if (data.get("deals").asLong() == dealsBefore + 1) {
                    update = data;
                    break;
                }
            }
            assertThat(update).as("an update with the new deal").isNotNull();
            assertThat(update.get("factsApplied").asLong()).isGreaterThan(before.get("factsApplied").asLong());
            JsonNode pipeline = update.get("pipeline").get("groups").get(0);
            assertThat(pipeline.get("count").asLong()).isEqualTo(before.get("pipeline").get("groups").get(0)
                    .get("count").asLong() + 1);
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void aReplayRebuildsExactlyTheSameFigures() {
        ledger.awaitProjections();
        List<JsonNode> before = READS.stream().map(ledger::get).toList();
        JsonNode statusBefore = ledger.get("/api/v1/projections");

        web.post().uri("/api/v1/projections/replay").exchange().expectStatus().isAccepted();
        JsonNode statusAfter = ledger.awaitProjections();

        assertThat(statusAfter.get("facts")).isEqualTo(statusBefore.get("facts"));
        assertThat(statusAfter.get("deals")).isEqualTo(statusBefore.get("deals"));
        List<JsonNode> after = READS.stream().map(ledger::get).toList();
        for (int i = 0; i < READS.size(); i++) {
            assertThat(after.get(i)).as(READS.get(i)).isEqualTo(before.get(i));
        }

        // the processor carries on from the rebuilt position: a new fact counts once
        String id = "OPP-AFTER-REPLAY-" + System.nanoTime();
        ledger.post(List.of(new CrmEvent("after-" + id, "OpportunityOpened", id, Instant.now().minusSeconds(60),
                Map.of("repId", "rep-01", "teamId", "team-x", "regionId", "emea", "stage", "prospecting",
                        "amount", 1_000))), 1);
        JsonNode later = ledger.awaitProjections();
        assertThat(later.get("facts").asLong()).isEqualTo(statusAfter.get("facts").asLong() + 1);
        assertThat(later.get("deals").asLong()).isEqualTo(statusAfter.get("deals").asLong() + 1);
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        assertThat(ledger.problem("/api/v1/conversion?groupBy=country", 400).get("field").asText())
                .isEqualTo("groupBy");
        assertThat(ledger.problem("/api/v1/conversion?asOf=yesterday", 400).get("field").asText()).isEqualTo("asOf");
        assertThat(ledger.problem("/api/v1/conversion?from=2026-13-01", 400).get("field").asText()).isEqualTo("from");
        assertThat(ledger.problem("/api/v1/conversion?from=2026-05-01&to=2026-04-01", 400).get("field").asText())
                .isEqualTo("from");
        assertThat(ledger.problem("/api/v1/conversion?interval=year", 400).get("field").asText())
                .isEqualTo("interval");
        assertThat(ledger.problem("/api/v1/winrates?groupBy=REPS", 400).get("field").asText()).isEqualTo("groupBy");
        assertThat(ledger.problem("/api/v1/pipeline?asOf=2026-02-30", 400).get("field").asText()).isEqualTo("asOf");
        assertThat(ledger.problem("/api/v1/maturity?asOf=12", 400).get("field").asText()).isEqualTo("asOf");
        assertThat(ledger.problem("/api/v1/stream?groupBy=planet", 400).get("field").asText()).isEqualTo("groupBy");
        assertThat(ledger.problem("/api/v1/reps/nobody/scorecard", 404).get("field").asText()).isEqualTo("repId");
    }
}
