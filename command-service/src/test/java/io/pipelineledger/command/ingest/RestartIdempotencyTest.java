package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.CommandServiceApplication;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.command.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.pipelineledger.command.support.LedgerEvents.array;
import static io.pipelineledger.command.support.LedgerEvents.histories;
import static io.pipelineledger.command.support.LedgerEvents.of;
import static io.pipelineledger.command.support.LedgerEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency survives a restart: the same events posted to a fresh process on the same storage are all
 * duplicates (and a recorded eventId posted for another fact is refused), nothing is stored twice, the default
 * process is not defined twice, and aggregates rebuilt from the store (cold cache) keep validating.
 */
class RestartIdempotencyTest {

    @TempDir
    Path dataDir;

    @Test
    void onH2Files() {
        restartAndRepost("--ledger.data-dir=" + dataDir);
    }

    @Test
    void onPostgres() {
        TestPostgres.Database db = TestPostgres.freshDatabase("restart");
        restartAndRepost("--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password());
    }

    private void restartAndRepost(String... storage) {
        String batch = array(histories("RESTART", 50));
        try (ConfigurableApplicationContext first = start(storage)) {
            JsonNode result = post(first, batch);
            assertThat(result.path("accepted").asInt()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = start(storage)) {
            JsonNode again = post(second, batch);
            assertThat(again.path("accepted").asInt()).isZero();
            assertThat(again.path("duplicates").asInt()).isEqualTo(200);
            // the fingerprints survive too: a recorded eventId posted for another fact is refused, not a duplicate
            JsonNode reused = post(second, array(opened("RESTART-7-o", "RESTART-OTHER", "2026-01-05T09:00:00Z",
                    "prospecting", "1000")));
            assertThat(reused.path("duplicates").asInt()).isZero();
            assertThat(reused.path("rejected").get(0).path("status").asInt()).isEqualTo(409);
            assertThat(reused.path("rejected").get(0).path("field").asText()).isEqualTo("eventId");
            // the opportunities were won before the restart: a later fact is refused from the rebuilt state
            JsonNode late = post(second, array(of("AmountRevised", "late-1", "RESTART-7", "2026-03-01T00:00:00Z",
                    "\"amount\":5")));
            assertThat(late.path("rejected").get(0).path("status").asInt()).isEqualTo(409);
            JsonNode reopen = post(second, array(of("OpportunityReopened", "late-2", "RESTART-7",
                    "2026-03-01T00:00:00Z", "\"stage\":\"discussion\"")));
            assertThat(reopen.path("accepted").asInt()).isEqualTo(1);

            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier LIKE "
                    + "'RESTART-%'", Long.class)).isEqualTo(201);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE eventIdentifier LIKE "
                    + "'crm:%'", Long.class)).isEqualTo(201);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = "
                    + "'sales-process'", Long.class)).isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(String... storage) {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        args.addAll(List.of(storage));
        return new SpringApplicationBuilder(CommandServiceApplication.class).run(args.toArray(String[]::new));
    }

    private static JsonNode post(ConfigurableApplicationContext context, String body) {
        int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeader(TestKeys.HEADER, TestKeys.ADMIN).build()
                .post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
