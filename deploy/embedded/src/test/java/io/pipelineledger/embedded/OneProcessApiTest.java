package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 in the one-process app: its OpenAPI document is the whole ledger's, exchange rates are set and read through
 * it (the rate table aggregate is wired next to the query and forecast processors, which take its events in their
 * stride), and a submission's 201 says where to find it.
 */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.forecast.simulations=200")
class OneProcessApiTest {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-one-process-api").toString();
        registry.add("ledger.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @BeforeEach
    void patientClient() {
        web = web.mutate().responseTimeout(Duration.ofMinutes(2)).build();
    }

    @Test
    void theOpenApiDocumentDescribesTheWholeLedger() {
        JsonNode doc = new LedgerClient(web).get("/v3/api-docs");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("Pipeline Ledger API");
        assertThat(doc.path("paths").has("/api/v1/events")).isTrue();
        assertThat(doc.path("paths").has("/api/v1/exchange-rates")).isTrue();
        assertThat(doc.path("paths").has("/api/v1/conversion")).isTrue();
        assertThat(doc.path("paths").has("/api/v1/forecast")).isTrue();
    }

    @Test
    void exchangeRatesRoundTripThroughTheOneProcessApp() {
        JsonNode set = web.put().uri("/api/v1/exchange-rates").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":1.08},"
                        + "{\"currency\":\"GBP\",\"validFrom\":\"2026-01-01\",\"rate\":\"1.27\"}]")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(set.path("recorded")).hasSize(2);
        JsonNode inForce = new LedgerClient(web).get("/api/v1/exchange-rates?asOf=2026-06-30");
        assertThat(inForce.path("reportingCurrency").asText()).isEqualTo("USD");
        assertThat(inForce.path("rates")).hasSize(2);
        assertThat(inForce.path("rates").get(0).path("rate").decimalValue()).isEqualByComparingTo("1.08");
        assertThat(new LedgerClient(web).get("/api/v1/exchange-rates?asOf=2025-12-31").path("rates")).isEmpty();
        // the read models took the rate events without a dead letter
        JsonNode dead = new LedgerClient(web).get("/api/v1/projections/dead-letters");
        assertThat(dead.toString()).doesNotContain("ExchangeRateSet");
    }

    @Test
    void aSubmissionsCreatedAnswerPointsAtTheListThatHoldsIt() {
        // one open deal, so that the forecast has a group "all" to submit
        JsonNode posted = web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(
                "[{\"eventId\":\"loc-o\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"LOC-1\","
                        + "\"occurredAt\":\"2026-09-01T10:00:00Z\",\"repId\":\"rep-1\",\"stage\":\"qualification\","
                        + "\"amount\":1000,\"expectedCloseDate\":\"2026-11-15\"}]")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(posted.path("accepted").asInt()).isEqualTo(1);
        new LedgerClient(web).awaitProjections();
        String body = "{\"submissionId\":\"loc-" + System.nanoTime() + "\",\"period\":\"2026-Q4\","
                + "\"asOf\":\"2026-10-01\",\"submittedBy\":\"cfo@example.com\",\"reason\":\"r\"}";
        EntityExchangeResult<String> created = null;
        // right after the start the forecast's read model may still be catching up (503, retry)
        for (Instant deadline = Instant.now().plusSeconds(120); created == null; ) {
            EntityExchangeResult<String> answer = web.post().uri("/api/v1/forecast/submissions")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody(String.class)
                    .returnResult();
            if (answer.getStatus().value() != 503 || Instant.now().isAfter(deadline)) {
                created = answer;
            }
        }
        assertThat(created.getStatus().value()).as(created.getResponseBody()).isEqualTo(201);
        assertThat(created.getResponseHeaders().getLocation())
                .hasToString("/api/v1/forecast/submissions?period=2026-Q4");
    }
}
