package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.support.TestPostgres;
import io.pipelineledger.embedded.oracle.JsonExpectations;
import io.pipelineledger.embedded.oracle.MetricsOracle;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric endpoint against an independent computation ({@link MetricsOracle}) over the same generated CRM
 * history — reps of different skill and discipline, skips, backward moves, reassignments, reopened deals and a
 * tenth of the facts arriving late — as of several business times, grouped every way: counts exactly, rates
 * within 1e-9, amounts exactly. Half the history is posted, the projections rebuilt, then the rest posted. Then the
 * app is restarted on the same database, and the read model loaded from its tables must answer the same. On H2 files
 * and on PostgreSQL.
 */
class GeneratedHistoryMetricsTest {

    static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    static final List<Instant> AS_OF = List.of(Instant.parse("2025-11-17T09:30:00Z"),
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-07-01T00:00:00Z"), END);
    static final List<String> GROUPINGS = List.of("rep", "team", "region", "all");

    @Test
    void onH2Files() throws IOException {
        Path data = Files.createTempDirectory("ledger-oracle");
        everyEndpointMatchesTheIndependentComputationAlsoAfterARestart(2026, "ledger.data-dir=" + data);
    }

    @Test
    void onPostgres() {
        TestPostgres.Database db = TestPostgres.freshDatabase("oracle");
        // small snapshots: the read model is written whole many times while the history is posted
        everyEndpointMatchesTheIndependentComputationAlsoAfterARestart(7, "spring.datasource.url=" + db.url(),
                "spring.datasource.username=" + db.user(), "spring.datasource.password=" + db.password(),
                "ledger.query.snapshot-every-facts=3000");
    }

    private void everyEndpointMatchesTheIndependentComputationAlsoAfterARestart(long seed, String... storage) {
        List<CrmEvent> events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(seed, 16, 2,
                END.minus(540, ChronoUnit.DAYS), END, 3.0, 0.10, 0.10)).events();
        MetricsOracle oracle = new MetricsOracle(events);

        int compared;
        try (ConfigurableApplicationContext app = start(storage)) {
            LedgerClient ledger = client(app);
            // half, then a rebuild (written as a few large rows), then the rest on top of it (change rows and,
            // with small snapshots, rows per deal): the restart below restores all three kinds
            int half = events.size() / 2;
            ledger.post(events.subList(0, half), 5_000);
            ledger.awaitProjections();
            ledger.web().post().uri("/api/v1/projections/replay").exchange().expectStatus().isAccepted();
            ledger.awaitProjections();
            ledger.post(events.subList(half, events.size()), 5_000);
            ledger.awaitProjections();
            compared = compareEverything(ledger, oracle);
        }
        try (ConfigurableApplicationContext app = start(storage)) {
            LedgerClient ledger = client(app);
            JsonNode status = ledger.awaitProjections();
            assertThat(status.get("deals").asLong()).isEqualTo(events.stream().map(CrmEvent::opportunityId)
                    .distinct().count());
            assertThat(compareEverything(ledger, oracle)).isEqualTo(compared);
        }
        assertThat(events.size()).as("events in the history").isGreaterThan(5_000);
        assertThat(compared).isGreaterThan(100);
    }

    /** Compares every endpoint and grouping as of each time; returns how many answers were compared. */
    private static int compareEverything(LedgerClient ledger, MetricsOracle oracle) {
        int compared = 0;
        for (Instant asOf : AS_OF) {
            for (String groupBy : GROUPINGS) {
                check(oracle.conversion(groupBy, null, null, asOf, null), ledger, "/api/v1/conversion?groupBy=" + groupBy + "&asOf=" + asOf);
                check(oracle.winRates(groupBy, asOf), ledger, "/api/v1/winrates?groupBy=" + groupBy + "&asOf=" + asOf);
                check(oracle.pipeline(groupBy, asOf), ledger, "/api/v1/pipeline?groupBy=" + groupBy + "&asOf=" + asOf);
                compared += 3;
            }
            Instant from = asOf.minus(120, ChronoUnit.DAYS);
            check(oracle.conversion("team", from, asOf.minus(30, ChronoUnit.DAYS), asOf, "month"), ledger, "/api/v1/conversion?groupBy=team&interval=month&from=" + from + "&to="
                            + asOf.minus(30, ChronoUnit.DAYS) + "&asOf=" + asOf);
            check(oracle.conversion("region", null, null, asOf, "quarter"), ledger, "/api/v1/conversion?groupBy=region&interval=quarter&asOf=" + asOf);
            check(oracle.conversion("all", null, null, asOf, "week"), ledger, "/api/v1/conversion?groupBy=all&interval=week&asOf=" + asOf);
            check(oracle.maturity(asOf), ledger, "/api/v1/maturity?asOf=" + asOf);
            compared += 4;
            for (String rep : reps(oracle, asOf)) {
                JsonNode expected = oracle.scorecard(rep, asOf);
                if (expected == null) {
                    ledger.problem("/api/v1/reps/" + rep + "/scorecard?asOf=" + asOf, 404);
                } else {
                    check(expected, ledger, "/api/v1/reps/" + rep + "/scorecard?asOf=" + asOf);
                }
                compared++;
            }
        }
        // a date "to" includes the day
        check(oracle.conversion("rep", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                END, null), ledger, "/api/v1/conversion?groupBy=rep&from=2026-01-01&to=2026-03-31&asOf=2026-10-01");
        return compared + 1;
    }

    private static List<String> reps(MetricsOracle oracle, Instant asOf) {
        List<String> reps = new ArrayList<>();
        for (JsonNode group : oracle.conversion("rep", null, null, END, null).get("groups")) {
            reps.add(group.get("group").asText());
        }
        reps.add("rep-unknown");
        return reps;
    }

    private static void check(JsonNode expected, LedgerClient ledger, String uri) {
        try {
            JsonExpectations.assertMatches(expected, ledger.get(uri));
        } catch (AssertionError e) {
            throw new AssertionError("GET " + uri + ": " + e.getMessage(), e);
        }
    }

    private static ConfigurableApplicationContext start(String... storage) {
        // as command-line arguments: they outrank application.yml (builder properties would not)
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        for (String setting : storage) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(PipelineLedgerApplication.class).run(args.toArray(String[]::new));
    }

    private static LedgerClient client(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new LedgerClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofMinutes(2)).codecs(c -> c.defaultCodecs().maxInMemorySize(64 << 20))
                .build());
    }
}
