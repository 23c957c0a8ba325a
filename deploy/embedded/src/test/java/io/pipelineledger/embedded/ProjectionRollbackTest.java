package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read model's table failing under the projection (renamed away for a while): its batches roll back and are
 * retried; once the table is back every fact is in, in memory and, after a restart, from the tables.
 */
class ProjectionRollbackTest {

    @Test
    void factsOfBatchesThatRolledBackAreNeitherLostNorCountedTwice() throws Exception {
        Path data = Files.createTempDirectory("ledger-rollback");
        Instant end = Instant.parse("2026-10-01T00:00:00Z");
        List<CrmEvent> events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(9, 6, 1,
                end.minus(150, ChronoUnit.DAYS), end, 3.0, 0.05, 0.05)).events();
        int half = events.size() / 2;
        JsonNode expected;
        long facts;
        try (ConfigurableApplicationContext app = start(data)) {
            LedgerClient ledger = client(app);
            ledger.post(events.subList(0, half), 2_000);
            ledger.awaitProjections();
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            jdbc.execute("ALTER TABLE query_change RENAME TO query_change_away");
            ledger.post(events.subList(half, events.size()), 2_000);
            Thread.sleep(1_500); // batches fail and roll back meanwhile
            jdbc.execute("ALTER TABLE query_change_away RENAME TO query_change");
            JsonNode status = ledger.awaitProjections();
            facts = status.get("facts").asLong();
            expected = ledger.get("/api/v1/conversion?groupBy=rep&asOf=2026-10-01");
        }
        try (ConfigurableApplicationContext app = start(data)) {
            LedgerClient ledger = client(app);
            JsonNode status = ledger.awaitProjections();
            assertThat(status.get("facts").asLong()).isEqualTo(facts);
            assertThat(ledger.get("/api/v1/conversion?groupBy=rep&asOf=2026-10-01")).isEqualTo(expected);
        }
        // the same history in one go, on a fresh ledger: the same figures
        try (ConfigurableApplicationContext app = start(Files.createTempDirectory("ledger-rollback-reference"))) {
            LedgerClient ledger = client(app);
            ledger.post(events, 5_000);
            JsonNode status = ledger.awaitProjections();
            assertThat(status.get("facts").asLong()).isEqualTo(facts);
            assertThat(ledger.get("/api/v1/conversion?groupBy=rep&asOf=2026-10-01")).isEqualTo(expected);
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(PipelineLedgerApplication.class).run("--server.port=0",
                "--ledger.data-dir=" + data);
    }

    private static LedgerClient client(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new LedgerClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofMinutes(2)).codecs(c -> c.defaultCodecs().maxInMemorySize(64 << 20))
                .build());
    }
}
