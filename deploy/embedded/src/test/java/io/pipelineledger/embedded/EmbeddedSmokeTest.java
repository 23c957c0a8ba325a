package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedSmokeTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", () -> data.toString());
    }

    @Autowired
    WebTestClient web;

    @Test
    void postedHistoryShowsUpInTheMetrics() {
        LedgerClient ledger = new LedgerClient(web);
        Instant end = Instant.parse("2026-10-01T00:00:00Z");
        List<CrmEvent> events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(7, 8, 1,
                end.minus(240, ChronoUnit.DAYS), end, 3.0, 0.05, 0.05)).events();
        ledger.post(events, 2_000);
        ledger.awaitProjections();
        JsonNode conversion = ledger.get("/api/v1/conversion?groupBy=all&asOf=2026-10-01");
        System.out.println(conversion.toPrettyString().substring(0, 1500));
        assertThat(conversion.get("groups").get(0).get("stages").get(0).get("entered").asLong()).isPositive();
        System.out.println(ledger.get("/api/v1/maturity").toPrettyString());
        System.out.println(ledger.get("/api/v1/pipeline?groupBy=region").toPrettyString().substring(0, 800));
        System.out.println(ledger.get("/api/v1/projections").toPrettyString());
    }
}
