package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A rebuild that fails half-way (an unreadable stored event) leaves the read model as it was, and work goes on. */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FailedRebuildTest {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-failed-rebuild").toString();
        registry.add("ledger.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theStoredReadModelIsLoadedAgainAndTheProcessorCarriesOn() throws Exception {
        LedgerClient ledger = new LedgerClient(web);
        Instant end = Instant.parse("2026-10-01T00:00:00Z");
        ledger.post(new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(5, 6, 1,
                end.minus(120, ChronoUnit.DAYS), end, 3.0, 0.05, 0.05)).events(), 2_000);
        JsonNode before = ledger.awaitProjections();
        JsonNode figures = ledger.get("/api/v1/conversion?groupBy=rep&asOf=2026-10-01");

        // a stored event no reader can decode, at the very start of the stream (index 0, before every other): the
        // rebuild fails with most deals not read yet
        jdbc.update("INSERT INTO DomainEventEntry (globalIndex, aggregateIdentifier, sequenceNumber, type, "
                        + "eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp) "
                        + "VALUES (0,?,?,?,?,?,?,?,?,?)",
                "OPP-CORRUPT", 0, "Opportunity", "corrupt-1", "{}".getBytes(StandardCharsets.UTF_8),
                "{not json".getBytes(StandardCharsets.UTF_8), "1", OpportunityLostEvent.class.getName(),
                "2026-09-01T00:00:00Z");
        web.post().uri("/api/v1/projections/replay").exchange().expectStatus().isAccepted();
        JsonNode status;
        do {
            Thread.sleep(50);
            status = ledger.get("/api/v1/projections");
        } while (status.get("processors").get(0).get("replaying").asBoolean()
                && !status.get("processors").get(0).get("running").asBoolean());
        Thread.sleep(500);
        status = ledger.get("/api/v1/projections");
        assertThat(status.get("facts")).isEqualTo(before.get("facts"));
        assertThat(status.get("deals")).isEqualTo(before.get("deals"));
        assertThat(ledger.get("/api/v1/conversion?groupBy=rep&asOf=2026-10-01")).isEqualTo(figures);

        // and facts still arrive
        ledger.post(List.of(new CrmEvent("after-failed-rebuild", "OpportunityOpened", "OPP-AFTER", end.minusSeconds(60),
                java.util.Map.of("repId", "rep-01", "stage", "prospecting", "amount", 1_000))), 1);
        Instant deadline = Instant.now().plusSeconds(30);
        while (ledger.get("/api/v1/projections").get("facts").asLong() != before.get("facts").asLong() + 1) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
